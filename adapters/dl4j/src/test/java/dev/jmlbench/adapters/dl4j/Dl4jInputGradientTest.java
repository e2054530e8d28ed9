package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.conformance.InputGradientChecks;

/**
 * Input gradients on DL4J ({@code MultiLayerNetwork.calculateGradients}): the checks of {@link InputGradientChecks};
 * the GRU case is skipped with DL4J's reason (no GRU layer).
 */
class Dl4jInputGradientTest extends InputGradientChecks {
    @Override
    protected String engineId() {
        return "dl4j";
    }
}
