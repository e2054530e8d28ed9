package dev.jmlbench.adapters.djl;

import dev.jmlbench.conformance.EngineConformanceKit;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskFamily;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training: the three optimisers against their formulas computed by hand, dropout, and every task family
 * trained to its accuracy floor on the real digits.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlTrainingTest {
    private Engine engine;
    private TrainTestData digits;

    @BeforeAll
    void open() throws EngineUnavailableException {
        engine = Engines.find("djl").open(new EngineConfig(1, Path.of("target", "native-cache")));
        digits = Datasets.load(DjlTasks.DIGITS);
    }

    @AfterAll
    void close() {
        engine.close();
    }

    // ---- optimisers against their formulas ----

    /** 2 inputs, 3 classes, 4 examples in batches of 2, 3 epochs: 6 steps of each optimiser. */
    private static final float[][] X = {{0.5f, -1.0f}, {1.5f, 0.25f}, {-0.75f, 0.8f}, {0.1f, -0.3f}};
    private static final int[] Y = {2, 0, 1, 2};

    @Test
    void sgdMomentumAndAdamFollowTheSpecFormulas() {
        List<OptimizerSpec> optimizers = List.of(new OptimizerSpec.Sgd(0.3), new OptimizerSpec.Momentum(0.2, 0.9),
                new OptimizerSpec.Adam(0.05, 0.8, 0.95, 1e-3));
        for (OptimizerSpec optimizer : optimizers) {
            TaskSpec task = DjlTasks.task("optimizer-check", TaskFamily.CLASSIC, new ModelSpec(2,
                    List.of(new LayerSpec.Dense(3, Activation.SOFTMAX))), optimizer, 2, 3, Initializer.ZEROS, 0.5);
            Parameters initial = DjlTasks.distinct(task.model(), 0.5, 11);
            double[][] w = new double[2][3];
            double[] b = new double[3];
            float[] w0 = initial.get("layer0.weight").data();
            float[] b0 = initial.get("layer0.bias").data();
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    w[i][o] = w0[i * 3 + o];
                }
            }
            for (int o = 0; o < 3; o++) {
                b[o] = b0[o];
            }
            trainByHand(optimizer, w, b, 3, 2);
            Parameters actual;
            try (Model model = engine.build(task)) {
                model.importParameters(initial);
                model.train(new LabeledData(X, Y, 3));
                actual = model.exportParameters();
            }
            float[] aw = actual.get("layer0.weight").data();
            float[] ab = actual.get("layer0.bias").data();
            double max = 0;
            for (int i = 0; i < 2; i++) {
                for (int o = 0; o < 3; o++) {
                    max = Math.max(max, Math.abs(aw[i * 3 + o] - w[i][o]));
                }
            }
            for (int o = 0; o < 3; o++) {
                max = Math.max(max, Math.abs(ab[o] - b[o]));
            }
            System.out.printf("[djl optimizer] %s: 6 steps, max |w - formula| = %.3e%n", optimizer, max);
            assertTrue(max <= 2e-6, optimizer + ": max |w - formula| = " + max);
            assertTrue(Math.abs(aw[0] - w0[0]) > 1e-3, optimizer + " must move the weights");
        }
    }

    /** Softmax regression trained in double with the optimiser's formula from {@code OptimizerSpec}. */
    private static void trainByHand(OptimizerSpec spec, double[][] w, double[] b, int epochs, int batch) {
        double[][] v1w = new double[2][3];
        double[] v1b = new double[3];
        double[][] v2w = new double[2][3];
        double[] v2b = new double[3];
        int t = 0;
        for (int e = 0; e < epochs; e++) {
            for (int start = 0; start < X.length; start += batch) {
                t++;
                double[][] gw = new double[2][3];
                double[] gb = new double[3];
                for (int r = start; r < start + batch; r++) {
                    double[] z = new double[3];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int o = 0; o < 3; o++) {
                        z[o] = b[o] + X[r][0] * w[0][o] + X[r][1] * w[1][o];
                        max = Math.max(max, z[o]);
                    }
                    double sum = 0;
                    for (int o = 0; o < 3; o++) {
                        z[o] = Math.exp(z[o] - max);
                        sum += z[o];
                    }
                    for (int o = 0; o < 3; o++) {
                        double d = (z[o] / sum - (Y[r] == o ? 1 : 0)) / batch;
                        gb[o] += d;
                        gw[0][o] += X[r][0] * d;
                        gw[1][o] += X[r][1] * d;
                    }
                }
                for (int o = 0; o < 3; o++) {
                    for (int i = 0; i < 2; i++) {
                        double[] s = update(spec, w[i][o], gw[i][o], v1w[i][o], v2w[i][o], t);
                        w[i][o] = s[0];
                        v1w[i][o] = s[1];
                        v2w[i][o] = s[2];
                    }
                    double[] s = update(spec, b[o], gb[o], v1b[o], v2b[o], t);
                    b[o] = s[0];
                    v1b[o] = s[1];
                    v2b[o] = s[2];
                }
            }
        }
    }

    /** One scalar update: returns {w, first state, second state}. */
    private static double[] update(OptimizerSpec spec, double w, double g, double s1, double s2, int t) {
        if (spec instanceof OptimizerSpec.Sgd sgd) {
            return new double[] {w - sgd.learningRate() * g, 0, 0};
        }
        if (spec instanceof OptimizerSpec.Momentum m) {
            double v = m.momentum() * s1 + g;
            return new double[] {w - m.learningRate() * v, v, 0};
        }
        OptimizerSpec.Adam a = (OptimizerSpec.Adam) spec;
        double m = a.beta1() * s1 + (1 - a.beta1()) * g;
        double v = a.beta2() * s2 + (1 - a.beta2()) * g * g;
        double mHat = m / (1 - Math.pow(a.beta1(), t));
        double vHat = v / (1 - Math.pow(a.beta2(), t));
        return new double[] {w - a.learningRate() * mHat / (Math.sqrt(vHat) + a.epsilon()), m, v};
    }

    /** Optimiser state starts from zero in every train call: two calls from the same start give the same result. */
    @Test
    void everyTrainCallStartsTheOptimiserFromZeroState() {
        TaskSpec task = DjlTasks.task("state-check", TaskFamily.CLASSIC, new ModelSpec(2,
                List.of(new LayerSpec.Dense(3, Activation.SOFTMAX))), new OptimizerSpec.Adam(0.05, 0.9, 0.99, 1e-7),
                2, 2, Initializer.ZEROS, 0.5);
        Parameters initial = DjlTasks.distinct(task.model(), 0.5, 12);
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            model.train(new LabeledData(X, Y, 3));
            Parameters first = model.exportParameters();
            model.importParameters(initial);
            model.train(new LabeledData(X, Y, 3));
            assertEquals(first, model.exportParameters());
        }
    }

    // ---- dropout ----

    @Test
    void dropoutIsTheIdentityAtInferenceAndSeededInTraining() {
        TaskSpec task = DjlTasks.task("dropout", TaskFamily.CLASSIC, new ModelSpec(64, List.of(
                new LayerSpec.Dense(32, Activation.RELU), new LayerSpec.Dropout(0.5),
                new LayerSpec.Dense(10, Activation.SOFTMAX))), new OptimizerSpec.Sgd(0.1), 32, 1,
                Initializer.GLOROT_UNIFORM, 0.5);
        Parameters initial = ParameterInitializer.initialize(task.model(), Initializer.GLOROT_UNIFORM, 3);
        float[][] x = java.util.Arrays.copyOf(digits.test().features(), 20);
        Parameters a;
        Parameters b;
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            assertEquals(0.0, EngineConformanceKit.maxAbsDiff(model.layerOutput(0, x).orElseThrow(),
                    model.layerOutput(1, x).orElseThrow()), "dropout at inference");
            model.train(digits.train());
            a = model.exportParameters();
        }
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            model.train(digits.train());
            b = model.exportParameters();
        }
        assertEquals(a, b, "training with dropout is repeatable: the masks come from the recipe's seed");
        TaskSpec noDropout = DjlTasks.task("dropout", TaskFamily.CLASSIC, new ModelSpec(64, List.of(
                new LayerSpec.Dense(32, Activation.RELU), new LayerSpec.Dropout(0.0),
                new LayerSpec.Dense(10, Activation.SOFTMAX))), new OptimizerSpec.Sgd(0.1), 32, 1,
                Initializer.GLOROT_UNIFORM, 0.5);
        try (Model model = engine.build(noDropout)) {
            model.importParameters(initial);
            model.train(digits.train());
            assertNotEquals(a, model.exportParameters(), "a rate of 0.5 must change training");
        }
    }

    // ---- every family to its floor on real data ----

    private double trainAndScore(TaskSpec task) {
        long start = System.nanoTime();
        try (Model model = engine.build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                    task.training().seed()));
            java.util.List<Double> losses = model.train(digits.train()).epochLosses();
            double accuracy = EngineConformanceKit.accuracy(model.predict(digits.test().features()),
                    digits.test().labels());
            System.out.println("[djl accuracy] " + task.id() + " epoch losses " + losses);
            System.out.printf("[djl accuracy] %s: test accuracy %.4f (target %.2f), %d epochs in %.1f s%n",
                    task.id(), accuracy, task.target().threshold(), task.training().epochs(),
                    (System.nanoTime() - start) / 1e9);
            return accuracy;
        }
    }

    /**
     * The catalogue's LeNet-5 task as it is. (Its first recipe, momentum 0.05 / 0.9, diverged here after epoch 10
     * although the gradients match finite differences ({@link DjlGradientCheckTest}) and the update its formula;
     * the catalogue now trains with 0.01 / 0.9 for 10 epochs.)
     */
    @Test
    void lenet5ReachesItsTargetOnTheDigits() {
        TaskSpec lenet = DjlTasks.lenet5Digits();
        assertTrue(engine.supports(lenet).supported(), engine.supports(lenet).reason());
        double accuracy = trainAndScore(lenet);
        assertTrue(lenet.target().isMetBy(accuracy), "LeNet-5 test accuracy " + accuracy);
    }

    @Test
    void mlpReachesItsFloorOnTheDigits() {
        TaskSpec mlp = DjlTasks.mlpDigits();
        assertTrue(mlp.target().isMetBy(trainAndScore(mlp)));
    }

    @Test
    void recurrentCellsReachTheirFloorOnTheDigitRows() {
        for (TaskSpec task : List.of(DjlTasks.simpleRnnDigits(), DjlTasks.lstmDigits(), DjlTasks.gruDigits())) {
            double accuracy = trainAndScore(task);
            assertTrue(task.target().isMetBy(accuracy), task.id() + " test accuracy " + accuracy);
        }
    }
}
