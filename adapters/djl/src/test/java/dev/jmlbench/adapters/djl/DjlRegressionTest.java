package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.RegressionChecks;

/**
 * Regression networks on DJL (PyTorch): the checks of {@link RegressionChecks}. A missing or extra factor in the
 * loss (DJL's default L2Loss weight of 1/2, a sum instead of a mean) fails its step-by-step check.
 */
class DjlRegressionTest extends RegressionChecks {
    @Override
    protected String engineId() {
        return "djl";
    }

    @Override
    protected String wrongTrainingWidthMessage() {
        return "djl model of task diabetes-linreg: training row 0 has 2 features, the model expects 10";
    }
}
