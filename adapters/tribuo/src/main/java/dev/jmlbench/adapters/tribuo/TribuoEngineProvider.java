package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Registers the Tribuo engine with the harness, under the id {@code tribuo}. */
public final class TribuoEngineProvider implements EngineProvider {
    static final String ID = "tribuo";
    static final String DISPLAY_NAME = "Tribuo";

    /**
     * Tribuo's parent logger. {@link java.util.logging.LogManager} keeps loggers only weakly, so a level set on a
     * logger nobody references can be lost when it is collected; this strong reference keeps the level.
     */
    private static final Logger TRIBUO_LOGGER = Logger.getLogger("org.tribuo");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    /**
     * Opens the engine: turns Tribuo's java.util.logging down to WARNING (its SGD trainers log every training run
     * and its bagging trainer every tree at INFO; only the {@code org.tribuo} logger is touched, nothing else is
     * changed globally), and tries to load XGBoost's native library, so that {@link Engine#info} and
     * {@link Engine#supports} can say whether XGBoost runs here. A failure to load it refuses XGBoost tasks; it does
     * not fail the engine, whose other trainers are pure Java.
     */
    @Override
    public Engine open(EngineConfig config) {
        TRIBUO_LOGGER.setLevel(Level.WARNING);
        XGBoostNative.unavailableReason();
        return new TribuoEngine(config);
    }
}
