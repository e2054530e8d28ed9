package dev.jmlbench.reference;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.reference.gemm.Gemm;

/** Registers the reference engine with the harness, under the id {@code reference}. */
public final class ReferenceEngineProvider implements EngineProvider {
    static final String DISPLAY_NAME = "jmlbench reference (pure Java)";

    @Override
    public String id() {
        return ReferenceEngine.ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    @Override
    public Engine open(EngineConfig config) {
        Gemm.setThreads(config.threads());
        return new ReferenceEngine(config.threads());
    }

    @Override
    public boolean offersMatmul() {
        return true;
    }

    @Override
    public boolean isParityReference() {
        return true;
    }
}
