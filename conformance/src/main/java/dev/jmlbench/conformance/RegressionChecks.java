package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Regression networks, the same checks for every engine: the spec's loss (batch mean of squared errors, no 1/2)
 * checked step by step against the formula, diabetes-linreg trained to its R2 target and compared with plain
 * mini-batch SGD computed here in double precision (and with the reference engine once it trains regression
 * networks), an LSTM forecaster, and the refusals. Extend it in the adapter's tests, name the engine id and the
 * engine's exact message for a training row of the wrong width.
 */
public abstract class RegressionChecks extends EngineTestBase {
    private TaskSpec diabetes;
    private RegressionSplit data;

    /**
     * The engine's whole message when a diabetes-linreg model (10 features) is given a training row of 2 features,
     * e.g. {@code "<engine> model of task diabetes-linreg: training row 0 has 2 features, the model expects 10"}.
     */
    protected abstract String wrongTrainingWidthMessage();

    @BeforeAll
    void loadDiabetes() {
        diabetes = TaskCatalogue.builtIn().get("diabetes-linreg");
        data = Datasets.loadRegression(diabetes.dataset());
    }

    private Parameters canonicalInitial(TaskSpec task) {
        return ParameterInitializer.initialize(task.model(), task.training().initializer(), task.training().seed());
    }

    @Test
    void diabetesReachesItsR2TargetAndMatchesPlainMiniBatchSgd() {
        assertTrue(engine().supports(diabetes).supported(), engine().supports(diabetes).reason());
        Parameters initial = canonicalInitial(diabetes);
        OracleRun oracle = OracleRun.linear(data.train(), initial, diabetes.training());
        try (Model model = engine().build(diabetes)) {
            model.importParameters(initial);
            TrainingLog log = model.trainRegression(data.train(), EpochListener.NONE);
            float[][] out = model.predict(data.test().features());
            assertEquals(data.test().size(), out.length);
            assertEquals(1, out[0].length, "a regression network predicts one column");
            double r2 = Metrics.r2(out, data.test().targets());
            double dw = oracle.parameters().maxAbsDiff(model.exportParameters());
            double dLoss = 0;
            for (int e = 0; e < log.epochLosses().size(); e++) {
                dLoss = Math.max(dLoss, Math.abs(log.epochLosses().get(e) - oracle.epochLosses()[e])
                        / Math.max(1, oracle.epochLosses()[e]));
            }
            System.out.printf("[%s regression] diabetes-linreg: test R2 = %.4f (target %s), RMSE = %.4f,"
                            + " final train loss %.4f; vs plain SGD in double: max |dw| = %.3g, max rel |dL| = %.3g%n",
                    engineId(), r2, diabetes.target().describe(), Metrics.rmse(out, data.test().targets()),
                    log.epochLosses().get(log.epochLosses().size() - 1), dw, dLoss);
            assertEquals(diabetes.training().epochs(), log.epochLosses().size());
            assertTrue(diabetes.target().isMetBy(r2), "R2 " + r2 + " misses " + diabetes.target().describe());
            assertTrue(dw <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_sgd| = " + dw);
            assertTrue(dLoss <= 1e-4, "epoch losses differ from plain SGD's by " + dLoss);
        }
    }

    /** Runs once the reference engine trains regression networks; until then it is skipped and says why. */
    @Test
    void diabetesMatchesTheReferenceEngine() {
        Support s = reference().supports(diabetes);
        assumeTrue(s.supported(), "the reference engine does not run diabetes-linreg yet: " + s.reason());
        Parameters initial = canonicalInitial(diabetes);
        try (Model ref = reference().build(diabetes); Model model = engine().build(diabetes)) {
            ref.importParameters(initial);
            model.importParameters(initial);
            TrainingLog expected;
            try {
                expected = ref.trainRegression(data.train(), EpochListener.NONE);
            } catch (UnsupportedOperationException e) {
                assumeTrue(false, "the reference engine does not train regression networks yet: " + e.getMessage());
                return;
            }
            TrainingLog log = model.trainRegression(data.train(), EpochListener.NONE);
            double dw = ref.exportParameters().maxAbsDiff(model.exportParameters());
            float[][] a = ref.predict(data.test().features());
            float[][] b = model.predict(data.test().features());
            double dy = 0;
            for (int i = 0; i < a.length; i++) {
                dy = Math.max(dy, Math.abs(a[i][0] - b[i][0]));
            }
            System.out.printf("[%s regression] diabetes-linreg vs reference: max |dw| = %.3g, max |dy| = %.3g,"
                    + " last epoch loss %.5f vs %.5f%n", engineId(), dw, dy, log.epochLosses().get(log.epochLosses().size() - 1),
                    expected.epochLosses().get(expected.epochLosses().size() - 1));
            assertTrue(dw <= Tolerances.DENSE_TRAINED_PARAMS_ABS, "max |w - w_ref| = " + dw);
            for (int e = 0; e < log.epochLosses().size(); e++) {
                assertEquals(expected.epochLosses().get(e), log.epochLosses().get(e),
                        1e-4 * Math.max(1, expected.epochLosses().get(e)), "epoch " + (e + 1));
            }
        }
    }

    /**
     * Two SGD steps (batches of 2 and 1) from distinct weights, against the formula worked out here: loss
     * {@code mean_b (yhat - y)^2}, gradient {@code 2/B sum_b (yhat - y) f'(z) [x, 1]}. A missing or extra factor
     * (DJL's default L2Loss weight of 1/2, DL4J's LossL2, a sum instead of a mean, a mean over the wrong axis) fails
     * it.
     */
    @Test
    void stepsFollowTheSpecLossAndGradient() {
        float[][] x = {{0.5f, -1.0f, 0.25f}, {1.5f, 0.25f, -0.5f}, {-0.75f, 0.8f, 1.0f}};
        float[] y = {0.3f, -1.2f, 2.0f};
        double lr = 0.1;
        for (Activation activation : List.of(Activation.IDENTITY, Activation.TANH)) {
            TaskSpec task = regressionTask("mse-check", new ModelSpec(3, List.of(new LayerSpec.Dense(1, activation))),
                    new OptimizerSpec.Sgd(lr), 2, 1, Initializer.ZEROS);
            assertTrue(engine().supports(task).supported(), engine().supports(task).reason());
            double[] w = {0.2, -0.4, 0.1};
            double b = 0.05;
            Parameters initial = linearParameters(w, b);
            double lossSum = 0;
            for (int start = 0; start < x.length; start += 2) {
                int end = Math.min(x.length, start + 2);
                int batch = end - start;
                double[] gw = new double[3];
                double gb = 0;
                for (int i = start; i < end; i++) {
                    double z = b;
                    for (int k = 0; k < 3; k++) {
                        z += x[i][k] * w[k];
                    }
                    double out = activation == Activation.TANH ? Math.tanh(z) : z;
                    double slope = activation == Activation.TANH ? 1 - out * out : 1;
                    double e = out - y[i];
                    lossSum += e * e;
                    for (int k = 0; k < 3; k++) {
                        gw[k] += 2 * e * slope * x[i][k] / batch;
                    }
                    gb += 2 * e * slope / batch;
                }
                for (int k = 0; k < 3; k++) {
                    w[k] -= lr * gw[k];
                }
                b -= lr * gb;
            }
            try (Model model = engine().build(task)) {
                model.importParameters(initial);
                TrainingLog log = model.trainRegression(new RegressionData(x, y), EpochListener.NONE);
                double dw = linearParameters(w, b).maxAbsDiff(model.exportParameters());
                assertTrue(dw <= 1e-6, activation + ": max |w - w_formula| = " + dw);
                assertEquals(lossSum / x.length, log.epochLosses().get(0), 1e-6, activation + " epoch loss");
            }
        }
    }

    /** Lstm -> Dense(1, IDENTITY), the forecaster shape of the catalogue, on next values of a sine wave. */
    @Test
    void lstmForecasterLearnsASineWave() {
        int window = 12;
        float[] series = new float[320];
        for (int t = 0; t < series.length; t++) {
            series[t] = (float) (Math.sin(2 * Math.PI * t / 20.0) + 0.3 * Math.sin(2 * Math.PI * t / 7.0));
        }
        RegressionData all = windows(series, window);
        int nTrain = 240;
        RegressionData train = new RegressionData(Arrays.copyOfRange(all.features(), 0, nTrain),
                Arrays.copyOfRange(all.targets(), 0, nTrain));
        RegressionData test = new RegressionData(Arrays.copyOfRange(all.features(), nTrain, all.size()),
                Arrays.copyOfRange(all.targets(), nTrain, all.size()));
        TaskSpec task = new TaskSpec("sine-lstm", "LSTM forecaster of a sine wave", TaskFamily.RNN,
                new DatasetRef("sine", 0.2, 1, 1), new ModelSpec(List.of(window, 1), List.of(
                new LayerSpec.Lstm(8, false), new LayerSpec.Dense(1, Activation.IDENTITY))),
                new TrainingRecipe(new OptimizerSpec.Adam(0.01, 0.9, 0.999, 1e-8), Loss.MEAN_SQUARED_ERROR, 16, 25,
                        Initializer.GLOROT_UNIFORM, 42),
                new QualityTarget(QualityTarget.Metric.R2, 0.9));
        assertTrue(engine().supports(task).supported(), engine().supports(task).reason());
        try (Model model = engine().build(task)) {
            model.importParameters(canonicalInitial(task));
            TrainingLog log = model.trainRegression(train, EpochListener.NONE);
            float[][] out = model.predict(test.features());
            double r2 = Metrics.r2(out, test.targets());
            List<Double> losses = log.epochLosses();
            System.out.printf("[%s regression] LSTM(8) sine forecaster: test R2 = %.4f, train loss %.4f -> %.4f%n",
                    engineId(), r2, losses.get(0), losses.get(losses.size() - 1));
            assertTrue(losses.get(losses.size() - 1) < 0.1 * losses.get(0), "loss " + losses);
            assertTrue(task.target().isMetBy(r2), "R2 " + r2);
        }
    }

    @Test
    void regressionAndClassificationRefuseTheOtherKindOfTraining() {
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        try (Model regression = engine().build(diabetes); Model classifier = engine().build(iris)) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> regression.train(new LabeledData(data.train().features(),
                            new int[data.train().size()], 1)));
            assertTrue(e.getMessage().contains("diabetes-linreg") && e.getMessage().contains("trainRegression"),
                    e.getMessage());
            e = assertThrows(UnsupportedOperationException.class, () -> classifier.trainRegression(
                    new RegressionData(new float[][] {{1, 2, 3, 4}}, new float[] {1}), EpochListener.NONE));
            assertTrue(e.getMessage().contains("iris-logreg") && e.getMessage().contains("classifier"),
                    e.getMessage());
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> regression.trainRegression(new RegressionData(new float[][] {{1, 2}}, new float[] {1}),
                            EpochListener.NONE));
            assertEquals(wrongTrainingWidthMessage(), bad.getMessage());
            float[][] x = Arrays.copyOfRange(data.train().features(), 0, 3);
            bad = assertThrows(IllegalArgumentException.class, () -> regression.trainRegression(
                    new RegressionData(x, new float[] {0, Float.NaN, 1}), EpochListener.NONE));
            assertTrue(bad.getMessage().contains("target of row 1 is NaN"), bad.getMessage());
        }
    }

    @Test
    void regressionOutputLayersOtherThanOneUnitAreRefusedWithTheReason() {
        TaskSpec softmaxOut = withModel(diabetes, new ModelSpec(10, List.of(new LayerSpec.Dense(3, Activation.SOFTMAX))));
        Support s = engine().supports(softmaxOut);
        assertFalse(s.supported());
        assertTrue(s.reason().contains("Dense output layer of 1 unit"), s.reason());
        TaskSpec twoOutputs = withModel(diabetes, new ModelSpec(10, List.of(new LayerSpec.Dense(2, Activation.IDENTITY))));
        s = engine().supports(twoOutputs);
        assertFalse(s.supported());
        assertTrue(s.reason().contains("Dense output layer of 1 unit"), s.reason());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> engine().build(twoOutputs));
        assertTrue(e.getMessage().contains("Dense output layer of 1 unit"), e.getMessage());
    }

    // ---- helpers ----

    /** Plain mini-batch SGD on the linear model {@code y = x w + b}, in double, with the spec's loss. */
    private record OracleRun(Parameters parameters, double[] epochLosses) {
        static OracleRun linear(RegressionData train, Parameters initial, TrainingRecipe recipe) {
            double lr = ((OptimizerSpec.Sgd) recipe.optimizer()).learningRate();
            int f = train.numFeatures();
            double[] w = new double[f];
            float[] w0 = initial.get("layer0.weight").data();
            for (int k = 0; k < f; k++) {
                w[k] = w0[k];
            }
            double b = initial.get("layer0.bias").data()[0];
            int n = train.size();
            double[] losses = new double[recipe.epochs()];
            for (int epoch = 0; epoch < recipe.epochs(); epoch++) {
                double sum = 0;
                for (int start = 0; start < n; start += recipe.batchSize()) {
                    int end = Math.min(n, start + recipe.batchSize());
                    double[] gw = new double[f];
                    double gb = 0;
                    for (int i = start; i < end; i++) {
                        double e = b - train.targets()[i];
                        for (int k = 0; k < f; k++) {
                            e += train.features()[i][k] * w[k];
                        }
                        sum += e * e;
                        for (int k = 0; k < f; k++) {
                            gw[k] += 2 * e * train.features()[i][k] / (end - start);
                        }
                        gb += 2 * e / (end - start);
                    }
                    for (int k = 0; k < f; k++) {
                        w[k] -= lr * gw[k];
                    }
                    b -= lr * gb;
                }
                losses[epoch] = sum / n;
            }
            return new OracleRun(linearParameters(w, b), losses);
        }
    }

    private static Parameters linearParameters(double[] w, double b) {
        float[] wf = new float[w.length];
        for (int k = 0; k < w.length; k++) {
            wf[k] = (float) w[k];
        }
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("layer0.weight", new Tensor(new int[] {w.length, 1}, wf));
        t.put("layer0.bias", new Tensor(new int[] {1}, new float[] {(float) b}));
        return new Parameters(t);
    }

    /** Windows of {@code window} values (one feature per step) and the next value as target. */
    private static RegressionData windows(float[] series, int window) {
        int n = series.length - window;
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = Arrays.copyOfRange(series, i, i + window);
            y[i] = series[i + window];
        }
        return new RegressionData(x, y);
    }

    private static TaskSpec regressionTask(String id, ModelSpec model, OptimizerSpec optimizer, int batchSize,
                                           int epochs, Initializer initializer) {
        return new TaskSpec(id, id, TaskFamily.CLASSIC, new DatasetRef("diabetes", 0.2, 42), model,
                new TrainingRecipe(optimizer, Loss.MEAN_SQUARED_ERROR, batchSize, epochs, initializer, 42),
                new QualityTarget(QualityTarget.Metric.RMSE, 1.0));
    }

    private static TaskSpec withModel(TaskSpec t, ModelSpec m) {
        return new TaskSpec(t.id(), t.description(), t.family(), t.dataset(), m, t.training(), t.target());
    }
}
