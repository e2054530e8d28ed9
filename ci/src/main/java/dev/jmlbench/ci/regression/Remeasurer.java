package dev.jmlbench.ci.regression;

import dev.jmlbench.core.results.Measurement;

import java.util.List;

/**
 * Measures cells again, for the confirmation of an alert. The command line measures through the JMH stage,
 * restricted to the flagged tasks and engines; tests pass a fake.
 */
@FunctionalInterface
public interface Remeasurer {
    /**
     * Measures {@code cells} again.
     *
     * @return fresh measurements; those of other cells are ignored, cells without one stay unconfirmed
     * @throws Exception when measuring fails; every alert then counts as a regression
     */
    List<Measurement> remeasure(List<CellKey> cells) throws Exception;
}
