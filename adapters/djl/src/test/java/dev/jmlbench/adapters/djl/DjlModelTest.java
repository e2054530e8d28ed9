package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.conformance.Tolerances;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Support reports, errors, divergence, native memory and the measured parity with the reference engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlModelTest {
    private Engine engine;
    private Engine reference;
    private TaskSpec iris;
    private TrainTestData data;

    @BeforeAll
    void open() throws EngineUnavailableException {
        EngineConfig config = new EngineConfig(1, Path.of("target", "native-cache"));
        engine = Engines.find("djl").open(config);
        reference = Engines.find("reference").open(config);
        iris = TaskCatalogue.builtIn().get("iris-logreg");
        data = Datasets.load(iris.dataset());
    }

    @AfterAll
    void close() {
        engine.close();
        reference.close();
    }

    private TaskSpec withModel(ModelSpec model) {
        return new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), model, iris.training(),
                iris.target());
    }

    private TaskSpec withRecipe(TrainingRecipe recipe) {
        return new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(), iris.model(), recipe,
                iris.target());
    }

    @Test
    void supportsDenseStacksWithHiddenActivations() {
        TaskSpec mlp = withModel(new ModelSpec(4, List.of(new LayerSpec.Dense(8, Activation.RELU),
                new LayerSpec.Dense(6, Activation.TANH), new LayerSpec.Dense(5, Activation.SIGMOID),
                new LayerSpec.Dense(4, Activation.IDENTITY), new LayerSpec.Dense(3, Activation.SOFTMAX))));
        assertTrue(engine.supports(mlp).supported(), engine.supports(mlp).reason());
    }

    /** Hidden activations are translated as the reference computes them: forward and training parity. */
    @Test
    void hiddenLayersMatchTheReference() {
        for (Activation hidden : List.of(Activation.RELU, Activation.TANH, Activation.SIGMOID, Activation.IDENTITY)) {
            TrainingRecipe r = iris.training();
            TaskSpec mlp = new TaskSpec(iris.id(), iris.description(), iris.family(), iris.dataset(),
                    new ModelSpec(4, List.of(new LayerSpec.Dense(8, hidden), new LayerSpec.Dense(5, hidden),
                            new LayerSpec.Dense(3, Activation.SOFTMAX))),
                    new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 10, Initializer.GLOROT_UNIFORM, 7),
                    iris.target());
            Parameters initial = ParameterInitializer.initialize(mlp.model(), Initializer.GLOROT_UNIFORM, 7);
            float[][] expectedP;
            Parameters expectedW;
            try (Model ref = reference.build(mlp)) {
                ref.importParameters(initial);
                expectedP = ref.predict(data.test().features());
                ref.train(data.train());
                expectedW = ref.exportParameters();
            }
            try (Model model = engine.build(mlp)) {
                model.importParameters(initial);
                double forward = EngineConformanceKit.maxAbsDiff(expectedP, model.predict(data.test().features()));
                model.train(data.train());
                double trained = expectedW.maxAbsDiff(model.exportParameters());
                System.out.printf("[djl parity] 4-8-5-3 %s: forward %.3e, after 10 epochs %.3e%n", hidden,
                        forward, trained);
                assertTrue(forward <= Tolerances.DENSE_FORWARD_ABS, hidden + " forward " + forward);
                assertTrue(trained <= Tolerances.DENSE_TRAINED_PARAMS_ABS, hidden + " trained " + trained);
            }
        }
    }

    @Test
    void saysWhyWhenTheTaskIsNotSupported() {
        Support noSoftmaxOutput = engine.supports(withModel(new ModelSpec(4,
                List.of(new LayerSpec.Dense(3, Activation.IDENTITY)))));
        assertFalse(noSoftmaxOutput.supported());
        assertTrue(noSoftmaxOutput.reason().contains("output layer uses IDENTITY"), noSoftmaxOutput.reason());

        Support hiddenSoftmax = engine.supports(withModel(new ModelSpec(4, List.of(
                new LayerSpec.Dense(5, Activation.SOFTMAX), new LayerSpec.Dense(3, Activation.SOFTMAX)))));
        assertFalse(hiddenSoftmax.supported());
        assertTrue(hiddenSoftmax.reason().contains("layer 0 uses softmax"), hiddenSoftmax.reason());

        // (mean squared error with a classification target can no longer be written: TaskSpec refuses it; the
        // regression refusals are in DjlRegressionTest)
        Support lateEmbedding = engine.supports(withModel(new ModelSpec(List.of(4), List.of(
                new LayerSpec.Embedding(9, 3), new LayerSpec.Flatten(), new LayerSpec.Embedding(9, 2),
                new LayerSpec.Flatten(), new LayerSpec.Dense(3, Activation.SOFTMAX)))));
        assertFalse(lateEmbedding.supported());
        assertTrue(lateEmbedding.reason().startsWith("layer 2 is an Embedding"), lateEmbedding.reason());

        Support recurrentOutput = engine.supports(withModel(new ModelSpec(List.of(2, 2), List.of(
                new LayerSpec.Lstm(3, false)))));
        assertFalse(recurrentOutput.supported());
        assertTrue(recurrentOutput.reason().startsWith("the output layer is Lstm[units=3"), recurrentOutput.reason());

        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> engine.build(withModel(new ModelSpec(4, List.of(new LayerSpec.Dense(3, Activation.IDENTITY))))));
        assertTrue(e.getMessage().contains("iris-logreg") && e.getMessage().contains("output layer uses IDENTITY"),
                e.getMessage());
    }

    @Test
    void namesTheTaskAndBothSizesOnInputOfTheWrongWidth() {
        try (Model model = engine.build(iris)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{1, 2, 3, 4}, {1, 2, 3, 4, 5}}));
            assertEquals("djl model of task iris-logreg: input row 1 has 5 features, the model expects 4",
                    e.getMessage());
        }
    }

    @Test
    void reportsDivergenceWithTheStep() {
        float[][] x = data.train().features().clone();
        x[12] = new float[] {Float.NaN, 0, 0, 0}; // second batch of 10
        LabeledData poisoned = new LabeledData(x, data.train().labels(), data.train().numClasses());
        try (Model model = engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.ZEROS, 1));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> model.train(poisoned));
            assertTrue(e.getMessage().contains("diverged at step 2 (epoch 1)"), e.getMessage());
        }
    }

    /**
     * Two classes, one input, zero start: the weight and bias gradients of the first step are {@code [a, -a]}
     * and {@code [b, -b]}, whose float sum is exactly zero. DJL's {@code Trainer.step()} takes that for "no
     * gradient" and throws on its first call; the adapter's update must not.
     */
    @Test
    void firstStepWhoseGradientsSumToExactlyZeroIsStillTaken() {
        TaskSpec binary = new TaskSpec("binary-one-input", "two classes, one input", iris.family(),
                iris.dataset(), new ModelSpec(1, List.of(new LayerSpec.Dense(2, Activation.SOFTMAX))),
                iris.training(), iris.target());
        java.util.Random random = new java.util.Random(5);
        float[][] x = new float[30][1];
        int[] y = new int[30];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = (float) random.nextGaussian();
            y[i] = random.nextInt(2);
        }
        LabeledData train = new LabeledData(x, y, 2);
        Parameters zeros = ParameterInitializer.initialize(binary.model(), Initializer.ZEROS, 1);
        Parameters expected;
        try (Model ref = reference.build(binary)) {
            ref.importParameters(zeros);
            ref.train(train);
            expected = ref.exportParameters();
        }
        try (Model model = engine.build(binary)) {
            model.importParameters(zeros);
            model.train(train);
            double max = expected.maxAbsDiff(model.exportParameters());
            assertTrue(max <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_ref| = " + max);
        }
    }

    @Test
    void trainingAndPredictionLeaveNoNativeArraysBehind() {
        try (DjlModel model = (DjlModel) engine.build(iris)) {
            model.importParameters(ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 3));
            model.predict(data.test().features());
            int before = model.liveArrays();
            for (int i = 0; i < 50; i++) {
                model.predict(data.test().features());
                model.layerOutput(0, data.test().features());
            }
            model.train(data.train());
            model.importParameters(model.exportParameters());
            assertEquals(before, model.liveArrays(), "NDArrays attached to the model's manager");
        }
    }

    @Test
    void closingTheEngineClosesItsModelsAndClosingTwiceIsHarmless() throws EngineUnavailableException {
        Engine second = Engines.find("djl").open(new EngineConfig(1, Path.of("target", "native-cache")));
        Model model = second.build(iris);
        second.close();
        assertThrows(IllegalStateException.class, () -> model.predict(data.test().features()));
        model.close();
    }

    @Test
    void epochLossesFallAndMatchTheReference() {
        Parameters initial = ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                iris.training().seed());
        TrainingLog djl;
        TrainingLog ref;
        try (Model model = engine.build(iris)) {
            model.importParameters(initial);
            djl = model.train(data.train());
        }
        try (Model model = reference.build(iris)) {
            model.importParameters(initial);
            ref = model.train(data.train());
        }
        assertEquals(iris.training().epochs(), djl.epochLosses().size());
        assertEquals(Math.log(3), djl.epochLosses().get(0), 0.5, "first epoch starts near log(3)");
        assertTrue(djl.epochLosses().get(djl.epochLosses().size() - 1) < djl.epochLosses().get(0));
        double max = 0;
        for (int e = 0; e < djl.epochLosses().size(); e++) {
            max = Math.max(max, Math.abs(djl.epochLosses().get(e) - ref.epochLosses().get(e)));
        }
        System.out.printf("[djl parity] max |epoch loss - reference| over %d epochs = %.3e%n",
                djl.epochLosses().size(), max);
        assertTrue(max < 1e-4, "epoch losses differ from the reference by " + max);
    }

    /** Measures and prints the differences the conformance kit bounds, so they can be reported. */
    @Test
    void measuredParityWithTheReference() {
        Parameters glorot = ParameterInitializer.initialize(iris.model(), Initializer.GLOROT_UNIFORM, 17);
        float[][] expected;
        try (Model ref = reference.build(iris)) {
            ref.importParameters(glorot);
            expected = ref.predict(data.test().features());
        }
        double forward;
        try (Model model = engine.build(iris)) {
            model.importParameters(glorot);
            forward = EngineConformanceKit.maxAbsDiff(expected, model.predict(data.test().features()));
        }
        Parameters initial = ParameterInitializer.initialize(iris.model(), iris.training().initializer(),
                iris.training().seed());
        TrainingRecipe r = iris.training();
        double oneEpoch = trainedDiff(withRecipe(new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1,
                r.initializer(), r.seed())), initial);
        double full = trainedDiff(iris, initial);
        double accuracy;
        try (Model model = engine.build(iris)) {
            model.importParameters(initial);
            model.train(data.train());
            accuracy = EngineConformanceKit.accuracy(model.predict(data.test().features()), data.test().labels());
        }
        System.out.printf("[djl parity] forward max |p - p_ref| = %.3e (tolerance %.0e); trained params max"
                        + " |w - w_ref|: 1 epoch %.3e, %d epochs %.3e (tolerance %.0e); test accuracy %.4f%n",
                forward, Tolerances.DENSE_FORWARD_ABS, oneEpoch, r.epochs(), full,
                Tolerances.DENSE_TRAINED_PARAMS_ABS, accuracy);
        assertTrue(forward <= Tolerances.DENSE_FORWARD_ABS);
        assertTrue(full <= Tolerances.DENSE_TRAINED_PARAMS_ABS);
    }

    private double trainedDiff(TaskSpec task, Parameters initial) {
        Parameters expected;
        try (Model ref = reference.build(task)) {
            ref.importParameters(initial);
            ref.train(data.train());
            expected = ref.exportParameters();
        }
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            model.train(data.train());
            return expected.maxAbsDiff(model.exportParameters());
        }
    }
}
