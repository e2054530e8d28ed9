package dev.jmlbench.reports;

import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.PairwiseComparison;
import dev.jmlbench.reports.stats.TestResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sentences of the report's summary, derived from the figures alone. A win is claimed only when the best
 * figure is significantly better than the runner-up (two-sided test at α = 0.05, Holm-corrected across the pairs
 * of the comparison); otherwise the line says there is no significant difference.
 */
final class Summary {
    private Summary() {
    }

    /** The outcome of one comparison for the tally. */
    enum Outcome { WIN, NO_DIFFERENCE, UNTESTED, SINGLE }

    /** The outcome of a comparison. */
    static Outcome outcome(Comparisons.Group g) {
        PairwiseComparison.Ranking r = g.ranking();
        if (r.ordered().size() < 2) {
            return Outcome.SINGLE;
        }
        PairwiseComparison.Pair top = r.top().orElseThrow();
        if (!top.test().tested() || r.direction() == Direction.NEUTRAL) {
            return Outcome.UNTESTED;
        }
        return top.significant() ? Outcome.WIN : Outcome.NO_DIFFERENCE;
    }

    /** One short line for a comparison. */
    static String line(TaskView task, Comparisons.Group g, boolean withThreads) {
        String label = Comparisons.label(g, withThreads);
        List<Measurement> ms = g.figures();
        Measurement a = ms.get(0);
        if (ms.size() == 1) {
            return label + ": only " + a.engine() + " measured (" + figure(a) + ").";
        }
        PairwiseComparison.Pair top = g.ranking().top().orElseThrow();
        Measurement b = top.b();
        return switch (outcome(g)) {
            case WIN -> label + ": " + a.engine() + " fastest, " + Format.factor(factor(a, b, g)) + " " + b.engine()
                    + " (" + figure(a) + " vs " + Format.number(b.value()) + "); " + pText(top) + quality(task, a)
                    + ".";
            case NO_DIFFERENCE -> label + ": no significant difference between " + a.engine() + " (" + figure(a)
                    + ") and " + b.engine() + " (" + Format.number(b.value()) + "); " + pText(top)
                    + fewSamples(top) + ".";
            default -> label + ": " + a.engine() + " " + figure(a) + ", " + b.engine() + " "
                    + Format.number(b.value()) + "; not tested (" + top.test().method() + "), no winner claimed.";
        };
    }

    /** The better figure over the other, at least 1: throughput a/b, latency b/a. */
    static double factor(Measurement better, Measurement other, Comparisons.Group g) {
        return g.ranking().direction() == Direction.LOWER_IS_BETTER ? other.value() / better.value()
                : better.value() / other.value();
    }

    /** "p = 0.024 (Mann-Whitney U (exact), Holm)". */
    static String pText(PairwiseComparison.Pair pair) {
        return TestResult.formatP(pair.adjustedP()) + " (" + pair.test().method() + ", Holm-corrected)";
    }

    /** With fewer than five samples a side the test has little power: say how many there were. */
    private static String fewSamples(PairwiseComparison.Pair pair) {
        int n1 = pair.test().n1();
        int n2 = pair.test().n2();
        return Math.min(n1, n2) < 5 ? "; only " + n1 + " and " + n2 + " samples" : "";
    }

    private static String quality(TaskView task, Measurement m) {
        String q = task.qualityOf(m).map(s -> "; model " + s).orElse("");
        return Boolean.FALSE.equals(m.qualityMet()) ? q + ", below the quality target" : q;
    }

    private static String figure(Measurement m) {
        return Format.number(m.value()) + " " + Format.orMissing(m.unit());
    }

    /** The quality of every engine on the task, with the target; one line. */
    static String quality(TaskView task) {
        List<String> parts = new ArrayList<>();
        Map<String, List<TaskView.Row>> byEngine = new LinkedHashMap<>();
        task.rows.forEach(r -> byEngine.computeIfAbsent(r.engine(), e -> new ArrayList<>()).add(r));
        boolean any = false;
        for (Map.Entry<String, List<TaskView.Row>> engine : byEngine.entrySet()) {
            int before = parts.size();
            for (TaskView.Row row : engine.getValue()) {
                task.qualityFigure(row).ifPresent(m -> {
                    boolean below = Boolean.FALSE.equals(m.qualityMet())
                            || m.qualityMet() == null && task.spec != null && !task.spec.target().isMetBy(m.value());
                    parts.add(row.engine() + (task.severalDevices() && row.device() != null ? " (" + row.device()
                            + ")" : "") + " " + Format.quality(m.metric(), m.value(), m.unit())
                            + (below ? " (below target)" : ""));
                });
            }
            if (parts.size() > before) {
                any = true;
                continue;
            }
            // no quality figure: say why when a cell does; leave out engines the task never involved
            String status = engine.getValue().stream()
                    .map(r -> task.missingReason(r, Names.STAGE_QUALITY, Names.STAGE_OPEN))
                    .flatMap(Optional::stream).findFirst().map(r -> r.contains(":") ? r.substring(0, r.indexOf(':'))
                            : r).orElse(null);
            if (status != null) {
                parts.add(engine.getKey() + " " + status);
            } else if (engine.getValue().stream().anyMatch(task::hasFigures)) {
                parts.add(engine.getKey() + " not measured");
            }
        }
        String head = "Quality (" + Format.metricName(task.qualityMetric())
                + (task.spec != null ? ", target " + Format.target(task.spec.target()) : "") + "): ";
        if (!any) {
            return head + "not measured.";
        }
        return head + String.join(", ", parts) + "; one training run each, not ranked.";
    }

    /** The tally of outcomes over all comparisons, by engine. */
    static String tally(List<Comparisons.Group> groups) {
        Map<String, Integer> wins = new LinkedHashMap<>();
        int none = 0;
        int untested = 0;
        int single = 0;
        for (Comparisons.Group g : groups) {
            switch (outcome(g)) {
                case WIN -> wins.merge(g.figures().get(0).engine(), 1, Integer::sum);
                case NO_DIFFERENCE -> none++;
                case UNTESTED -> untested++;
                case SINGLE -> single++;
            }
        }
        List<String> w = new ArrayList<>();
        wins.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> w.add(e.getKey() + " " + e.getValue()));
        String s = "Speed comparisons: " + groups.size() + ". Significant wins (\u03b1 = 0.05, Holm-corrected within"
                + " each comparison): " + (w.isEmpty() ? "none" : String.join(", ", w)) + ". No significant"
                + " difference: " + none + ".";
        if (untested > 0) {
            s += " Not testable (no spread recorded): " + untested + ".";
        }
        if (single > 0) {
            s += " One engine only: " + single + ".";
        }
        return s;
    }
}
