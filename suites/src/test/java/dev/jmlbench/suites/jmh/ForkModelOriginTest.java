package dev.jmlbench.suites.jmh;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.suites.harness.ModelStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A JMH fork of a classic cell times the model the quality stage fitted when that stage saved it, and measures its
 * accuracy itself; without a saved model, or with one that does not restore, it fits its own and says why.
 */
class ForkModelOriginTest {
    private static final String TASK = "digits-cart";
    private static final String ENGINE = "reference";

    @AfterEach
    void forgetTheModelFolder() {
        System.clearProperty("jmlbench.modelDir");
    }

    /** Fits the task as the quality stage does and saves its fitted state; returns its test accuracy. */
    private static double fitAndSave(ModelStore store) throws Exception {
        TaskSpec spec = TaskCatalogue.active().get(TASK);
        TrainTestData data = Datasets.load(spec.dataset());
        try (Engine engine = Engines.find(ENGINE).open(new EngineConfig(1, Path.of("target", "native-cache")));
             Model model = engine.build(spec)) {
            model.train(data.train());
            store.saveFitted(TASK, ENGINE, model.saveFitted().orElseThrow());
            float[][] p = model.predict(data.test().features());
            int right = 0;
            for (int i = 0; i < p.length; i++) {
                int best = 0;
                for (int c = 1; c < p[i].length; c++) {
                    best = p[i][c] > p[i][best] ? c : best;
                }
                right += best == data.test().labels()[i] ? 1 : 0;
            }
            return (double) right / p.length;
        }
    }

    private static InferenceBenchmark.Trained loaded(Path models) throws Exception {
        System.setProperty("jmlbench.modelDir", models.toString());
        InferenceBenchmark.Trained trained = new InferenceBenchmark.Trained();
        trained.task = TASK;
        trained.engine = ENGINE;
        trained.device = "cpu";
        trained.load();
        return trained;
    }

    @Test
    void theQualityStagesFittedModelIsRestoredAndItsAccuracyMeasuredAgain(@TempDir Path dir) throws Exception {
        ModelStore store = new ModelStore(dir);
        double accuracy = fitAndSave(store);
        InferenceBenchmark.Trained trained = loaded(dir);
        try {
            assertEquals("fitted by the quality stage, quality re-measured in this fork", trained.origin);
            assertEquals(accuracy, trained.accuracy, 1e-12);
            assertTrue(trained.qualityMet);
        } finally {
            trained.tearDown();
        }
    }

    @Test
    void withoutASavedModelOrWithADamagedOneTheForkFitsItsOwnAndSaysWhy(@TempDir Path dir) throws Exception {
        InferenceBenchmark.Trained none = loaded(dir);
        try {
            assertEquals("fitted in this fork (the quality stage saved no fitted model of this cell)", none.origin);
            assertTrue(none.qualityMet);
        } finally {
            none.tearDown();
        }
        ModelStore store = new ModelStore(dir);
        fitAndSave(store);
        Path file = store.fittedFile(TASK, ENGINE);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length / 2));
        InferenceBenchmark.Trained damaged = loaded(dir);
        try {
            assertEquals("fitted in this fork (the quality stage's fitted model did not restore: " + file
                    + ": truncated fitted-model file)", damaged.origin);
            assertTrue(damaged.qualityMet, "the fork's own fit is timed");
        } finally {
            damaged.tearDown();
        }
    }
}
