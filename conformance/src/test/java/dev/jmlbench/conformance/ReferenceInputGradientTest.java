package dev.jmlbench.conformance;

/**
 * The reference engine's input gradients: the checks of {@link InputGradientChecks} (against itself the reference
 * comparison is exact; the finite-difference check is the one that tests it).
 */
class ReferenceInputGradientTest extends InputGradientChecks {
    @Override
    protected String engineId() {
        return "reference";
    }
}
