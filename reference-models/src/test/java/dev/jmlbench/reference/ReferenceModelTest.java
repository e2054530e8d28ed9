package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference engine through the SPI: support, export, layer outputs, bad input, divergence, iris. */
class ReferenceModelTest {
    private static final TaskSpec LENET = TaskCatalogue.builtIn().get("lenet5-digits");

    static TaskSpec task(ModelSpec model, OptimizerSpec optimizer, Loss loss, int batch, int epochs) {
        return new TaskSpec("test-task", "a task made by the test", TaskFamily.CNN, new DatasetRef("digits", 0.2, 42),
                model, new TrainingRecipe(optimizer, loss, batch, epochs, Initializer.GLOROT_UNIFORM, 42),
                new QualityTarget(QualityTarget.Metric.ACCURACY, 0.5));
    }

    /** A regression task (mean squared error, R2 target) on the diabetes data. */
    static TaskSpec regression(ModelSpec model) {
        return new TaskSpec("test-regression", "a regression task made by the test", TaskFamily.CLASSIC,
                new DatasetRef("diabetes", 0.2, 42), model, new TrainingRecipe(new OptimizerSpec.Sgd(0.01),
                Loss.MEAN_SQUARED_ERROR, 10, 1, Initializer.ZEROS, 42), new QualityTarget(QualityTarget.Metric.R2, 0.3));
    }

    /** One model with every layer kind, for export and support checks. */
    static ModelSpec everyLayer() {
        return new ModelSpec(List.of(6), List.of(new LayerSpec.Embedding(9, 4), new LayerSpec.SimpleRnn(5, true),
                new LayerSpec.Conv1D(4, 2, 1, Activation.RELU), new LayerSpec.Lstm(4, true),
                new LayerSpec.Gru(3, true), new LayerSpec.Dropout(0.2),
                new LayerSpec.Flatten(), new LayerSpec.Dense(8, Activation.RELU),
                new LayerSpec.Dense(9, Activation.SOFTMAX)));
    }

    @Test
    void supportsEveryLayerAndOptimizer() {
        ReferenceEngine engine = new ReferenceEngine();
        assertEquals(Support.yes(), engine.supports(LENET));
        assertEquals(Support.yes(), engine.supports(TaskCatalogue.builtIn().get("charlm-cnn1d")));
        for (OptimizerSpec o : List.of(new OptimizerSpec.Sgd(0.1), new OptimizerSpec.Momentum(0.1, 0.9),
                new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8))) {
            assertEquals(Support.yes(), engine.supports(task(everyLayer(), o, Loss.SOFTMAX_CROSS_ENTROPY, 4, 1)));
        }
        ModelSpec cnn = new ModelSpec(List.of(1, 8, 8), List.of(new LayerSpec.Conv2D(2, 3, 2, 1, Activation.SIGMOID),
                new LayerSpec.AvgPool2D(2, 1), new LayerSpec.Flatten(), new LayerSpec.Dense(10, Activation.SOFTMAX)));
        assertEquals(Support.yes(), engine.supports(task(cnn, new OptimizerSpec.Sgd(0.1),
                Loss.SOFTMAX_CROSS_ENTROPY, 4, 1)));
    }

    @Test
    void refusesWhatItCannotTrainWithTheReason() {
        ReferenceEngine engine = new ReferenceEngine();
        // the mean squared error with a classification target never reaches supports: core refuses the spec
        IllegalArgumentException spec = assertThrows(IllegalArgumentException.class,
                () -> task(LENET.model(), new OptimizerSpec.Sgd(0.1), Loss.MEAN_SQUARED_ERROR, 4, 1));
        assertTrue(spec.getMessage().contains("use RMSE or R2"), spec.getMessage());
        Support twoOutputs = engine.supports(regression(new ModelSpec(10, List.of(
                new LayerSpec.Dense(2, Activation.IDENTITY)))));
        assertFalse(twoOutputs.supported());
        assertTrue(twoOutputs.reason().contains("predicts one value per example")
                && twoOutputs.reason().contains("2 outputs"), twoOutputs.reason());
        Support softmaxRegression = engine.supports(regression(new ModelSpec(10, List.of(
                new LayerSpec.Dense(1, Activation.SOFTMAX)))));
        assertTrue(softmaxRegression.reason().contains("cannot end in a SOFTMAX layer"), softmaxRegression.reason());
        assertEquals(Support.yes(), engine.supports(regression(new ModelSpec(10, List.of(
                new LayerSpec.Dense(8, Activation.TANH), new LayerSpec.Dense(1, Activation.IDENTITY))))));
        ModelSpec noSoftmax = new ModelSpec(4, List.of(new LayerSpec.Dense(3, Activation.SIGMOID)));
        Support s = engine.supports(task(noSoftmax, new OptimizerSpec.Sgd(0.1), Loss.SOFTMAX_CROSS_ENTROPY, 4, 1));
        assertTrue(s.reason().contains("Dense SOFTMAX output layer"), s.reason());
        ModelSpec lateEmbedding = new ModelSpec(List.of(3), List.of(new LayerSpec.Dense(3, Activation.RELU),
                new LayerSpec.Embedding(4, 2), new LayerSpec.Flatten(), new LayerSpec.Dense(2, Activation.SOFTMAX)));
        s = engine.supports(task(lateEmbedding, new OptimizerSpec.Sgd(0.1), Loss.SOFTMAX_CROSS_ENTROPY, 4, 1));
        assertTrue(s.reason().contains("layer 1 is an Embedding"), s.reason());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> engine.build(task(noSoftmax, new OptimizerSpec.Sgd(0.1), Loss.SOFTMAX_CROSS_ENTROPY, 4, 1)));
        assertTrue(e.getMessage().contains("test-task"), e.getMessage());
    }

    @Test
    void exportGivesBackExactlyWhatWasImportedForEveryLayerKind() {
        for (ModelSpec spec : List.of(everyLayer(), LENET.model())) {
            Parameters p = ParameterInitializer.initialize(spec, Initializer.HE_NORMAL, 3);
            try (Model model = new ReferenceEngine().build(task(spec, new OptimizerSpec.Sgd(0.1),
                    Loss.SOFTMAX_CROSS_ENTROPY, 4, 1))) {
                model.importParameters(p);
                Parameters back = model.exportParameters();
                assertEquals(p, back);
                assertEquals(List.copyOf(p.tensors().keySet()), List.copyOf(back.tensors().keySet()));
            }
        }
    }

    @Test
    void parametersOfTheWrongShapeAreRefusedWithBothShapes() {
        Parameters wrong = ParameterInitializer.initialize(new ModelSpec(List.of(1, 8, 8), List.of(
                new LayerSpec.Conv2D(6, 3, 1, 2, Activation.RELU), new LayerSpec.MaxPool2D(2, 2),
                new LayerSpec.Conv2D(16, 3, 1, 1, Activation.RELU), new LayerSpec.MaxPool2D(2, 2),
                new LayerSpec.Flatten(), new LayerSpec.Dense(120, Activation.RELU),
                new LayerSpec.Dense(84, Activation.RELU), new LayerSpec.Dense(10, Activation.SOFTMAX))),
                Initializer.ZEROS, 1);
        try (Model model = new ReferenceEngine().build(LENET)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.importParameters(wrong));
            assertEquals("parameter 'layer0.weight' has shape [6, 1, 3, 3], expected [6, 1, 5, 5]", e.getMessage());
        }
    }

    @Test
    void layerOutputsHaveTheCanonicalShapesAndEndInThePrediction() {
        TrainTestData digits = Datasets.load(LENET.dataset());
        float[][] x = java.util.Arrays.copyOf(digits.test().features(), 5);
        try (Model model = new ReferenceEngine().build(LENET)) {
            model.importParameters(ParameterInitializer.initialize(LENET.model(), Initializer.HE_NORMAL, 1));
            List<List<Integer>> shapes = LENET.model().shapes();
            for (int l = 0; l < LENET.model().layers().size(); l++) {
                float[][] out = model.layerOutput(l, x).orElseThrow();
                int size = shapes.get(l + 1).stream().mapToInt(Integer::intValue).reduce(1, (a, b) -> a * b);
                assertEquals(5, out.length);
                assertEquals(size, out[0].length, "layer " + l + " output of shape " + shapes.get(l + 1));
            }
            float[][] conv = model.layerOutput(0, x).orElseThrow();
            for (float v : conv[0]) {
                assertTrue(v >= 0, "layer 0 output is after its ReLU");
            }
            float[][] last = model.layerOutput(7, x).orElseThrow();
            float[][] p = model.predict(x);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(p[i], last[i]);
            }
            assertThrows(IllegalArgumentException.class, () -> model.layerOutput(8, x));
        }
    }

    @Test
    void wrongInputWidthNamesTheFirstLayerAndItsShape() {
        try (Model model = new ReferenceEngine().build(LENET)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {new float[63]}));
            assertEquals("input row 0 has 63 features, the model expects 64 (layer 0 (Conv2D 6 filters 5x5) takes"
                    + " examples of shape [1, 8, 8])", e.getMessage());
        }
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        try (Model model = new ReferenceEngine().build(iris)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{1, 2, 3, 4, 5}}));
            assertTrue(e.getMessage().contains("has 5 features, the model expects 4"), e.getMessage());
        }
    }

    @Test
    void tokenOutsideTheVocabularyIsNamed() {
        try (Model model = new ReferenceEngine().build(task(everyLayer(), new OptimizerSpec.Sgd(0.1),
                Loss.SOFTMAX_CROSS_ENTROPY, 4, 1))) {
            model.importParameters(ParameterInitializer.initialize(everyLayer(), Initializer.GLOROT_UNIFORM, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{0, 1, 2, 9, 1, 1}}));
            assertEquals("layer 0 (Embedding) expects token indices: value 9.0 of example 0 at step 3 is not a token"
                    + " index in [0, 9)", e.getMessage());
        }
    }

    @Test
    void divergenceStopsWithTheStep() {
        TaskSpec hot = task(LENET.model(), new OptimizerSpec.Sgd(1e30), Loss.SOFTMAX_CROSS_ENTROPY, 32, 1);
        TrainTestData data = Datasets.load(hot.dataset());
        try (Model model = new ReferenceEngine().build(hot)) {
            model.importParameters(ParameterInitializer.initialize(hot.model(), Initializer.HE_NORMAL, 1));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> model.train(data.train()));
            assertTrue(e.getMessage().matches("task test-task diverged at step [2-9] \\(epoch 1\\): loss is NaN"),
                    e.getMessage());
        }
    }

    @Test
    void labelsMustFitTheOutputLayer() {
        try (Model model = new ReferenceEngine().build(LENET)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.train(new LabeledData(new float[][] {new float[64]}, new int[] {0}, 3)));
            assertTrue(e.getMessage().contains("3 classes, the model's output layer has 10"), e.getMessage());
        }
    }

    @Test
    void logisticRegressionOnIrisReachesTheTarget() {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        TrainTestData data = Datasets.load(task.dataset());
        try (Engine engine = new ReferenceEngineProvider().open(new EngineConfig(1, Path.of("target")));
             Model model = engine.build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                    task.training().seed()));
            TrainingLog log = model.train(data.train());
            assertEquals(task.training().epochs(), log.epochLosses().size());
            assertTrue(log.epochLosses().get(log.epochLosses().size() - 1) < 0.5 * log.epochLosses().get(0),
                    "loss should fall: " + log.epochLosses());
            double accuracy = RealDataTrainingTest.accuracy(model.predict(data.test().features()),
                    data.test().labels());
            assertTrue(accuracy >= task.target().threshold(), "accuracy " + accuracy);
        }
    }
}
