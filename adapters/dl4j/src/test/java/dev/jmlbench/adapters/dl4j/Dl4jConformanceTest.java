package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.conformance.EngineConformanceKit;

/** The dl4j engine passes the conformance kit against the reference engine. */
class Dl4jConformanceTest extends EngineConformanceKit {
    @Override
    protected String engineId() {
        return "dl4j";
    }
}
