package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.conformance.RegressionChecks;

/**
 * Regression networks on DL4J: the checks of {@link RegressionChecks}. A missing or extra factor in the loss
 * (DL4J's LossL2, a 1/2, a mean over the wrong axis) fails its step-by-step check.
 */
class Dl4jRegressionTest extends RegressionChecks {
    @Override
    protected String engineId() {
        return "dl4j";
    }

    @Override
    protected String wrongTrainingWidthMessage() {
        return "dl4j model of task diabetes-linreg: input row 0 has 2 features, the model expects 10";
    }
}
