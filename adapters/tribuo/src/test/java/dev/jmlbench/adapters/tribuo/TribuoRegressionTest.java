package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDModel;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linear regression (diabetes-linreg) on Tribuo: Tribuo's regression SGD rule pinned on a tiny example, the
 * adapter's mapping of the recipe checked against plain mini-batch SGD on the mean squared error computed by hand
 * (double precision, the recipe's exact update) on the real data, and the task's R2 target.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TribuoRegressionTest {
    private Engine engine;
    private TaskSpec diabetes;
    private RegressionSplit data;

    @BeforeAll
    void open() {
        engine = new TribuoEngineProvider().open(TribuoWeightMappingTest.config());
        diabetes = TaskCatalogue.builtIn().get("diabetes-linreg");
        data = Datasets.loadRegression(diabetes.dataset());
    }

    @AfterAll
    void close() {
        engine.close();
    }

    /**
     * Tribuo 4.3.2's rule for SquaredLoss, read from {@code AbstractSGDTrainer.train} and {@code SquaredLoss}: a
     * batch of m examples (batch size B, example weights w_k) moves the weights by
     * {@code lr * (sum_k w_k / B) * B * sum_k (t_k - y_k) [x_k, 1]}: half the squared error's gradient, summed.
     */
    @Test
    void tribuosRegressionRuleIsTheSummedHalfGradientScaledByTheBatch() {
        double[][] x = {{1.0, -2.0}, {0.5, 1.5}, {-1.0, 0.25}};
        double[] t = {3.0, -1.0, 0.5};
        float[] w = {1f, 2f, 0.5f};
        double lr = 0.05;
        int batch = 2;
        RegressionFactory factory = new RegressionFactory();
        MutableDataset<Regressor> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("rule", factory),
                factory);
        for (int k = 0; k < x.length; k++) {
            ArrayExample<Regressor> e = new ArrayExample<>(new Regressor("y", t[k]), new String[] {"a", "b"}, x[k]);
            e.setWeight(w[k]);
            dataset.add(e);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new SquaredLoss(), SGD.getSimpleSGD(lr), 1, -1, batch, 1L);
        trainer.setShuffle(false);
        LinearSGDModel model = trainer.train(dataset);
        DenseMatrix actual = model.getWeightsCopy();
        double[] expected = new double[3]; // a, b, bias
        for (int start = 0; start < x.length; start += batch) {
            int end = Math.min(x.length, start + batch);
            double[] sum = new double[3];
            double weightSum = 0;
            for (int k = start; k < end; k++) {
                double y = expected[0] * x[k][0] + expected[1] * x[k][1] + expected[2];
                double d = t[k] - y;
                sum[0] += d * x[k][0];
                sum[1] += d * x[k][1];
                sum[2] += d;
                weightSum += w[k];
            }
            for (int f = 0; f < 3; f++) {
                expected[f] += lr * (weightSum / batch) * batch * sum[f];
            }
        }
        int a = model.getFeatureIDMap().getID("a");
        int b = model.getFeatureIDMap().getID("b");
        assertEquals(expected[0], actual.get(0, a), 1e-12, "weight of a");
        assertEquals(expected[1], actual.get(0, b), 1e-12, "weight of b");
        assertEquals(expected[2], actual.get(0, 2), 1e-12, "bias (last column)");
    }

    /** The full recipe on the real data: Tribuo's weights equal those of the recipe's SGD, computed by hand. */
    @Test
    void trainedWeightsEqualTheRecipesMiniBatchSgdOnTheMeanSquaredError() {
        RegressionData train = data.train();
        TrainingRecipe r = diabetes.training();
        assertTrue(train.size() % r.batchSize() != 0, "the check needs a partial last batch");
        double[] expected = handSgd(train, r);
        Parameters trained;
        double maxDouble = 0;
        try (TribuoRegressionModel model = (TribuoRegressionModel) engine.build(diabetes)) {
            model.importParameters(ParameterInitializer.initialize(diabetes.model(), r.initializer(), r.seed()));
            model.trainRegression(train, dev.jmlbench.core.engine.EpochListener.NONE);
            trained = model.exportParameters();
            // Tribuo's own double-precision matrix [1, features + 1], columns in feature-name order, bias last
            DenseMatrix m = model.tribuoWeightsCopy();
            for (int c = 0; c < m.getDimension2Size(); c++) {
                int column = c < train.numFeatures()
                        ? model.tribuoModel().getFeatureIDMap().getID(model.featureNames[c]) : c;
                maxDouble = Math.max(maxDouble, Math.abs(m.get(0, column) - expected[c])
                        / Math.max(1, Math.abs(expected[c])));
            }
        }
        float[] w = trained.get(CanonicalLayout.weightName(0)).data();
        float[] b = trained.get(CanonicalLayout.biasName(0)).data();
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            max = Math.max(max, Math.abs(w[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
        }
        max = Math.max(max, Math.abs(b[0] - expected[w.length]) / Math.max(1, Math.abs(expected[w.length])));
        System.out.printf(Locale.ROOT, "[tribuo regression] diabetes, %d epochs of batch %d (last batch %d):"
                        + " max relative |w - w_hand| = %.3g in Tribuo's doubles, %.3g exported as floats (bias %.4f"
                        + " vs %.4f)%n", r.epochs(), r.batchSize(), train.size() % r.batchSize(), maxDouble, max,
                b[0], expected[w.length]);
        // Tribuo's doubles differ from the hand SGD only by the order of floating-point sums
        assertTrue(maxDouble < 1e-10, "max relative |w - w_hand| in double = " + maxDouble);
        // the float32 export adds at most 2^-24 relative
        assertTrue(max < 1e-6, "max relative |w - w_hand| = " + max);
    }

    /** Plain mini-batch SGD on L = mean over the batch of (y - t)^2, from the recipe's (zero) weights. */
    private static double[] handSgd(RegressionData train, TrainingRecipe r) {
        int n = train.size();
        int in = train.numFeatures();
        double lr = ((OptimizerSpec.Sgd) r.optimizer()).learningRate();
        double[] w = new double[in + 1]; // bias last
        for (int epoch = 0; epoch < r.epochs(); epoch++) {
            for (int start = 0; start < n; start += r.batchSize()) {
                int end = Math.min(n, start + r.batchSize());
                double[] grad = new double[in + 1];
                for (int k = start; k < end; k++) {
                    float[] x = train.features()[k];
                    double y = w[in];
                    for (int i = 0; i < in; i++) {
                        y += w[i] * x[i];
                    }
                    double g = 2 * (y - train.targets()[k]) / (end - start);
                    for (int i = 0; i < in; i++) {
                        grad[i] += g * x[i];
                    }
                    grad[in] += g;
                }
                for (int i = 0; i <= in; i++) {
                    w[i] -= lr * grad[i];
                }
            }
        }
        return w;
    }

    @Test
    void reachesTheR2TargetOnTheTestSplit() {
        try (Model model = engine.build(diabetes)) {
            model.importParameters(ParameterInitializer.initialize(diabetes.model(), Initializer.ZEROS, 1));
            long start = System.nanoTime();
            model.trainRegression(data.train(), (epoch, loss) -> { });
            double seconds = (System.nanoTime() - start) / 1e9;
            float[][] p = model.predict(data.test().features());
            assertEquals(1, p[0].length, "one column: the predicted value");
            double r2 = TribuoTestSupport.r2(p, data.test().targets());
            System.out.printf(Locale.ROOT, "[tribuo accuracy] diabetes-linreg: R2 %.4f, RMSE %.3f on %d test rows,"
                    + " trained in %.3f s (epoch by epoch)%n", r2, TribuoTestSupport.rmse(p, data.test().targets()),
                    p.length, seconds);
            assertTrue(diabetes.target().isMetBy(r2), "R2 " + r2 + " misses " + diabetes.target().describe());
            Map<String, String> provenance = model.provenance();
            assertEquals("org.tribuo.regression.sgd.objectives.SquaredLoss",
                    provenance.get("trainer.objective.class-name"), provenance.toString());
            assertTrue(provenance.get("adapter.sgd-mapping").startsWith("Tribuo SGD rate "
                    + (2 * 0.01 / 100) + " = 2.0 * 0.01 / 10^2"), provenance.get("adapter.sgd-mapping"));
        }
    }

    @Test
    void predictionsAreXwPlusB() {
        float[] w = {0.5f, -1f, 0.25f, 2f, 0f, 0f, 1f, -0.5f, 0.125f, 3f};
        try (Model model = engine.build(diabetes)) {
            model.importParameters(new Parameters(Map.of(
                    CanonicalLayout.weightName(0), new dev.jmlbench.core.params.Tensor(new int[] {10, 1}, w),
                    CanonicalLayout.biasName(0), new dev.jmlbench.core.params.Tensor(new int[] {1},
                            new float[] {150f}))));
            float[][] x = java.util.Arrays.copyOf(data.test().features(), 5);
            float[][] p = model.predict(x);
            for (int r = 0; r < x.length; r++) {
                double y = 150;
                for (int i = 0; i < 10; i++) {
                    y += (double) w[i] * x[r][i];
                }
                assertEquals(y, p[r][0], 1e-4, "row " + r);
            }
        }
    }

    @Test
    void rejectsBadInputWithBothSizesAndClassificationTraining() {
        try (Model model = engine.build(diabetes)) {
            model.importParameters(ParameterInitializer.initialize(diabetes.model(), Initializer.ZEROS, 1));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> model.predict(new float[][] {new float[11]}));
            assertTrue(e.getMessage().contains("11 features") && e.getMessage().contains("expects 10"),
                    e.getMessage());
            IllegalArgumentException t = assertThrows(IllegalArgumentException.class, () -> model.trainRegression(
                    new RegressionData(new float[][] {new float[9]}, new float[] {1f}), null));
            assertTrue(t.getMessage().contains("9 features") && t.getMessage().contains("expects 10"),
                    t.getMessage());
            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class, () -> model.train(
                    new LabeledData(new float[][] {new float[10]}, new int[] {0}, 1)));
            assertTrue(u.getMessage().contains("trainRegression"), u.getMessage());
        }
    }
}
