package dev.jmlbench.reference;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseNetworkTest {

    /**
     * Finite-difference check of every parameter's gradient through Dense + each hidden activation + softmax
     * cross-entropy. Computed in float32, so central differences with h = 1e-2 on a smooth loss; relative
     * tolerance 2e-2.
     */
    @Test
    void gradientsMatchFiniteDifferences() {
        for (Activation hidden : List.of(Activation.IDENTITY, Activation.TANH, Activation.SIGMOID, Activation.RELU)) {
            ModelSpec spec = new ModelSpec(3, List.of(new LayerSpec.Dense(4, hidden),
                    new LayerSpec.Dense(3, Activation.SOFTMAX)));
            DenseNetwork net = new DenseNetwork(spec);
            CanonicalLayout layout = CanonicalLayout.of(spec);
            net.importParameters(ParameterInitializer.initialize(spec, Initializer.GLOROT_UNIFORM, 3), layout);
            SplittableRandom r = new SplittableRandom(11);
            float[][] x = new float[5][3];
            for (float[] row : x) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) r.nextDouble(-1.5, 1.5);
                }
            }
            int[] y = {0, 2, 1, 1, 0};
            DenseNetwork.Gradients g = net.gradients(x, y);
            Parameters p = net.exportParameters();
            int layer = 0;
            for (String name : layout.shapes().keySet()) {
                float[] analytic = name.endsWith("weight") ? g.weights()[layer] : g.biases()[layer];
                float[] values = p.get(name).data();
                for (int i = 0; i < values.length; i++) {
                    double numeric = numericGradient(net, layout, p, name, i, x, y);
                    double tol = 2e-2 * Math.max(1e-2, Math.abs(numeric)) + 2e-4;
                    assertEquals(numeric, analytic[i], tol, hidden + " " + name + "[" + i + "]");
                }
                if (name.endsWith("bias")) {
                    layer++;
                }
            }
        }
    }

    private static double numericGradient(DenseNetwork net, CanonicalLayout layout, Parameters base, String name,
                                          int index, float[][] x, int[] y) {
        double h = 1e-2;
        double plus = lossWith(net, layout, base, name, index, h, x, y);
        double minus = lossWith(net, layout, base, name, index, -h, x, y);
        net.importParameters(base, layout);
        return (plus - minus) / (2 * h);
    }

    private static double lossWith(DenseNetwork net, CanonicalLayout layout, Parameters base, String name, int index,
                                   double delta, float[][] x, int[] y) {
        java.util.Map<String, dev.jmlbench.core.params.Tensor> t = new java.util.LinkedHashMap<>(base.tensors());
        float[] v = base.get(name).data();
        v[index] += (float) delta;
        t.put(name, new dev.jmlbench.core.params.Tensor(base.get(name).shape(), v));
        net.importParameters(new Parameters(t), layout);
        return net.gradients(x, y).loss();
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
            float[][] p = model.predict(data.test().features());
            int correct = 0;
            for (int i = 0; i < p.length; i++) {
                int best = 0;
                for (int j = 1; j < p[i].length; j++) {
                    if (p[i][j] > p[i][best]) {
                        best = j;
                    }
                }
                correct += best == data.test().labels()[i] ? 1 : 0;
            }
            double accuracy = (double) correct / p.length;
            assertTrue(accuracy >= task.target().threshold(), "accuracy " + accuracy);
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        TrainTestData data = Datasets.load(task.dataset());
        Parameters first = trainOnce(task, data);
        Parameters second = trainOnce(task, data);
        assertEquals(first, second);
    }

    private static Parameters trainOnce(TaskSpec task, TrainTestData data) {
        try (Model model = new ReferenceEngine().build(task)) {
            model.importParameters(ParameterInitializer.initialize(task.model(), Initializer.GLOROT_UNIFORM, 5));
            model.train(data.train());
            return model.exportParameters();
        }
    }

    @Test
    void divergenceStopsWithTheStep() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        TrainingRecipe r = iris.training();
        TaskSpec hot = new TaskSpec("hot", "lr far too high", iris.family(), iris.dataset(), iris.model(),
                new TrainingRecipe(new OptimizerSpec.Sgd(1e38), r.loss(), r.batchSize(), r.epochs(), r.initializer(),
                        r.seed()), iris.target());
        TrainTestData data = Datasets.load(hot.dataset());
        try (Model model = new ReferenceEngine().build(hot)) {
            model.importParameters(ParameterInitializer.initialize(hot.model(), Initializer.GLOROT_UNIFORM, 1));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> model.train(data.train()));
            assertTrue(e.getMessage().contains("diverged at step"), e.getMessage());
        }
    }

    @Test
    void badInputNamesBothSizes() {
        TaskSpec task = TaskCatalogue.builtIn().get("iris-logreg");
        try (Model model = new ReferenceEngine().build(task)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {{1, 2, 3, 4, 5}}));
            assertTrue(e.getMessage().contains("has 5 features, the model expects 4"), e.getMessage());
        }
    }
}
