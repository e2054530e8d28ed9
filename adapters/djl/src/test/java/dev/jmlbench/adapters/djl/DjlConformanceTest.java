package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.EngineConformanceKit;

/** The conformance kit, run against DJL with the PyTorch engine. */
class DjlConformanceTest extends EngineConformanceKit {
    @Override
    protected String engineId() {
        return "djl";
    }
}
