package dev.jmlbench.ci.regression;

import dev.jmlbench.core.results.Measurement;

import java.util.List;

/**
 * Measures cells again, for the confirmation of an alert. The command line measures through the JMH stage,
 * restricted to the flagged tasks and engines; tests pass a fake.
 *
 * <p>A re-run of the candidate alone can only be judged against the baseline measured earlier, and whatever
 * changed on the machine in between (another tenant, clock frequency, which core the benchmark landed on) is
 * then read as a change of the code. Where the base commit's code is at hand, {@link #remeasureWithBaseline}
 * measures it again as well, around the candidate, and the confirmation judges the fresh pair.
 */
@FunctionalInterface
public interface Remeasurer {
    /**
     * Measures {@code cells} of the candidate again.
     *
     * @return fresh measurements; those of other cells are ignored, cells without one stay unconfirmed
     * @throws Exception when measuring fails; every alert then counts as a regression
     */
    List<Measurement> remeasure(List<CellKey> cells) throws Exception;

    /**
     * Measures {@code cells} of the candidate again and, where it can, of the baseline too, back to back. The
     * default measures the candidate only.
     *
     * @throws Exception when measuring fails; every alert then counts as a regression
     */
    default Remeasurement remeasureWithBaseline(List<CellKey> cells) throws Exception {
        return new Remeasurement(remeasure(cells), List.of());
    }

    /**
     * Fresh figures for the confirmation.
     *
     * @param candidate fresh measurements of the candidate
     * @param baseline  fresh measurements of the baseline's code, measured around the candidate's; empty when the
     *                  baseline's code could not be run (the stored baseline is used instead)
     */
    record Remeasurement(List<Measurement> candidate, List<Measurement> baseline) {
        public Remeasurement {
            candidate = List.copyOf(candidate);
            baseline = List.copyOf(baseline);
        }
    }
}
