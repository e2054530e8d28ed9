package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.conformance.EngineConformanceKit;

/** Runs the conformance kit against the Tribuo engine. */
class TribuoConformanceTest extends EngineConformanceKit {
    @Override
    protected String engineId() {
        return "tribuo";
    }
}
