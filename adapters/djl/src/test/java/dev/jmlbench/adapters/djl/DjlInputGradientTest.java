package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.InputGradientChecks;

/** Input gradients on DJL (PyTorch autograd): the checks of {@link InputGradientChecks}. */
class DjlInputGradientTest extends InputGradientChecks {
    @Override
    protected String engineId() {
        return "djl";
    }
}
