package dev.jmlbench.conformance;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;

/**
 * What the kit's check classes ({@link EngineConformanceKit}, {@link RegressionChecks}, {@link Conv1dChecks},
 * {@link CatalogueTaskChecks}) share: the engine under test, named by {@link #engineId()}, and the reference engine,
 * both found through {@link Engines} as the harness finds them, opened once per test class with a thread budget of 1
 * and closed after its last test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineTestBase {
    private Engine engine;
    private Engine reference;

    /** Id of the engine under test. */
    protected abstract String engineId();

    @BeforeAll
    void openEngineAndReference() throws EngineUnavailableException {
        EngineConfig config = new EngineConfig(1, Path.of("target", "native-cache"));
        engine = Engines.find(engineId()).open(config);
        reference = Engines.find("reference").open(config);
    }

    @AfterAll
    void closeEngineAndReference() {
        if (engine != null) {
            engine.close();
        }
        if (reference != null) {
            reference.close();
        }
    }

    /** The engine under test, opened with a thread budget of 1. */
    protected Engine engine() {
        return engine;
    }

    /** The reference engine, the oracle of the parity checks. */
    protected Engine reference() {
        return reference;
    }
}
