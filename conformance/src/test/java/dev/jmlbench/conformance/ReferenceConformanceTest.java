package dev.jmlbench.conformance;

/** The reference engine passes the kit against itself: the kit's own checks are sound. */
class ReferenceConformanceTest extends EngineConformanceKit {
    @Override
    protected String engineId() {
        return "reference";
    }
}
