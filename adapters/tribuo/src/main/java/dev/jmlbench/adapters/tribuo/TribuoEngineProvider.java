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
     * Opens the engine: turns Tribuo's java.util.logging down to WARNING (its SGD trainers log every training
     * run at INFO). Tribuo is pure Java, so there is nothing native to load.
     */
    @Override
    public Engine open(EngineConfig config) {
        TRIBUO_LOGGER.setLevel(Level.WARNING);
        return new TribuoEngine(config);
    }
}
