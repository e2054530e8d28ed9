package dev.jmlbench.conformance;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks every engine passes. Extend it in the adapter's tests and name the engine id; the engine and the
 * reference engine are found through {@link Engines}, as the harness finds them.
 *
 * <p>Training parity starts from the task's own initial parameters (the recipe's initializer and seed), as the
 * harness does; forward parity and export use random (Glorot) parameters.
 *
 * <p>Checks: (a) honest support report, (b) forward parity with the reference on identical weights,
 * (c) parameters after one epoch and after the full recipe match the reference's from identical weights and
 * batches, (d) lossless export, (e) the task's accuracy target on real data, (f) a clear error on bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineConformanceKit {
    private Engine engine;
    private Engine reference;
    private TaskSpec iris;
    private TrainTestData data;

    /** Id of the engine under test. */
    protected abstract String engineId();

    @BeforeAll
    void openEngines() throws EngineUnavailableException {
        EngineConfig config = new EngineConfig(1, Path.of("target", "native-cache"));
        engine = Engines.find(engineId()).open(config);
        reference = Engines.find("reference").open(config);
        iris = TaskCatalogue.builtIn().get("iris-logreg");
        data = Datasets.load(iris.dataset());
    }

    @AfterAll
    void closeEngines() {
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

    @Test
    void infoNamesVersionsThreadsAndDevices() {
        EngineInfo info = engine.info();
        assertEquals(engineId(), info.id());
        assertFalse(info.libraryVersion().isBlank(), "library version");
        assertFalse(info.nativeVersion().isBlank(), "native version");
        assertFalse(info.threads().isEmpty(), "applied thread settings must be recorded");
        assertTrue(info.devices().stream().anyMatch(d -> d.device().equals("cpu") && d.available()), "cpu device");
        for (DeviceStatus d : info.devices()) {
            assertTrue(d.available() || !d.reason().isBlank(), "device " + d.device() + " unavailable without a reason");
        }
    }

    @Test
    void supportsTheIrisTask() {
        Support s = engine.supports(iris);
        assertTrue(s.supported(), "iris-logreg should be supported: " + s.reason());
        assertEquals("", s.reason());
    }

    @Test
    void exportGivesBackExactlyWhatWasImported() {
        Parameters p = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 99);
        try (Model model = engine.build(iris)) {
            model.importParameters(p);
            assertEquals(Tolerances.EXPORT_ROUND_TRIP_ABS, p.maxAbsDiff(model.exportParameters()));
        }
    }

    @Test
    void forwardPassMatchesTheReferenceOnIdenticalWeights() {
        Parameters p = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 17);
        float[][] x = data.test().features();
        float[][] expected;
        try (Model ref = reference.build(iris)) {
            ref.importParameters(p);
            expected = ref.predict(x);
        }
        try (Model model = engine.build(iris)) {
            model.importParameters(p);
            float[][] actual = model.predict(x);
            assertEquals(expected.length, actual.length);
            double max = maxAbsDiff(expected, actual);
            assertTrue(max <= Tolerances.DENSE_FORWARD_ABS, "max |p - p_ref| = " + max);
            for (float[] row : actual) {
                double sum = 0;
                for (float v : row) {
                    sum += v;
                }
                assertEquals(1.0, sum, 1e-5, "probabilities must sum to 1");
            }
        }
    }

    @Test
    void parametersAfterOneEpochMatchTheReference() {
        TrainingRecipe r = iris.training();
        TaskSpec oneEpoch = new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), iris.model(),
                new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(), r.seed()),
                iris.target());
        assertTrainedParity(oneEpoch, ParameterInitializer.initialize(iris.model(), r.initializer(), r.seed()));
    }

    @Test
    void parametersAfterTheFullRecipeMatchTheReference() {
        assertTrainedParity(iris, ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                iris.training().seed()));
    }

    private void assertTrainedParity(TaskSpec task, Parameters initial) {
        Parameters expected;
        try (Model ref = reference.build(task)) {
            ref.importParameters(initial);
            ref.train(data.train());
            expected = ref.exportParameters();
        }
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            model.train(data.train());
            double max = expected.maxAbsDiff(model.exportParameters());
            assertTrue(max <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_ref| after training = " + max);
        }
    }

    @Test
    void trainsIrisToItsAccuracyTarget() {
        try (Model model = engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                    iris.training().seed()));
            model.train(data.train());
            double accuracy = accuracy(model.predict(data.test().features()), data.test().labels());
            assertTrue(iris.target().isMetBy(accuracy), "test accuracy " + accuracy);
        }
    }

    @Test
    void rejectsInputOfTheWrongWidthWithBothSizes() {
        try (Model model = engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.ZEROS, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{1, 2, 3, 4, 5}}));
            assertTrue(e.getMessage().contains("5") && e.getMessage().contains("4"), e.getMessage());
        }
    }

    @Test
    void rejectsParametersOfTheWrongShape() {
        Parameters wrong = ParameterInitializer.initialize(
                new dev.jmlbench.core.task.ModelSpec(5, iris.model().layers()), Initializer.ZEROS, 1);
        try (Model model = engine.build(iris)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.importParameters(wrong));
            assertTrue(e.getMessage().contains("layer0.weight"), e.getMessage());
        }
    }

    /** Fraction of rows whose arg-max is the label. */
    public static double accuracy(float[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < probabilities[i].length; j++) {
                if (probabilities[i][j] > probabilities[i][best]) {
                    best = j;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** Largest absolute element-wise difference of two equally shaped matrices. */
    public static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                max = Math.max(max, Math.abs((double) a[i][j] - b[i][j]));
            }
        }
        return max;
    }
}
