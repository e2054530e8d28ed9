package dev.jmlbench.ci;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a run is acceptable: every trained model reached its quality target, no speed figure was
 * measured on a model below target (MLPerf's rule) or on a model whose quality its forks did not prove
 * (unverified), and - unless allowed - no engine failed. Unsupported and
 * skipped cells never fail the gate: they are honest answers, reported with their reasons.
 */
public final class QualityGate {
    private final boolean allowEngineFailures;

    /** @param allowEngineFailures when true, FAILED cells are reported but do not fail the gate */
    public QualityGate(boolean allowEngineFailures) {
        this.allowEngineFailures = allowEngineFailures;
    }

    /** The verdict of the gate. */
    public record Verdict(boolean passed, List<String> violations, List<String> notes) {
        public Verdict {
            violations = List.copyOf(violations);
            notes = List.copyOf(notes);
        }
    }

    /** Scenarios whose figures count only when the timed model met its quality target. */
    public static final List<String> SPEED_SCENARIOS = Names.SPEED_SCENARIOS;

    /** Evaluates {@code results}. */
    public Verdict evaluate(RunResults results) {
        List<String> violations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (CellStatus c : results.cells()) {
            String cell = c.task() + " on " + c.engine() + " (" + c.device() + ", " + c.stage() + ")";
            switch (c.status()) {
                case BELOW_TARGET -> violations.add(cell + ": below quality target: " + c.reason());
                case FAILED -> (allowEngineFailures ? notes : violations).add(cell + ": failed: " + c.reason());
                case UNSUPPORTED -> notes.add(cell + ": unsupported: " + c.reason());
                case SKIPPED -> notes.add(cell + ": skipped: " + c.reason());
                case OK -> { }
            }
        }
        for (Measurement m : results.measurements()) {
            // MLPerf's rule is about speed figures: studies (scaling on small subsets, per-epoch curves, the
            // long-sequence experiment) measure models below the target on purpose
            if (Boolean.FALSE.equals(m.qualityMet()) && SPEED_SCENARIOS.contains(m.scenario())) {
                violations.add(String.format(Locale.ROOT, "%s on %s: %s measured on a model below the quality"
                        + " target (quality %.4f)", m.task(), m.engine(), m.scenario(), m.accuracy()));
            } else if (m.qualityMet() == null && SPEED_SCENARIOS.contains(m.scenario())
                    && Names.QUALITY_CHECK_NONE.equals(m.params().get(Names.PARAM_QUALITY_CHECK))) {
                notes.add(m.task() + " on " + m.engine() + ": " + m.scenario() + " " + m.metric() + ": no quality"
                        + " measured, by design (this preset times its training alone)");
            } else if (m.qualityMet() == null && SPEED_SCENARIOS.contains(m.scenario())) {
                violations.add(m.task() + " on " + m.engine() + ": " + m.scenario() + " " + m.metric()
                        + " is unverified: no fork proved the quality of the model it timed (a missing or failed"
                        + " check); rerun the JMH stage after the quality stage");
            }
        }
        if (results.measurements().isEmpty()) {
            violations.add("the run measured nothing");
        }
        return new Verdict(violations.isEmpty(), violations, notes);
    }
}
