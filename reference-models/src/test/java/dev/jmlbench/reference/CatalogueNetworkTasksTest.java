package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.RegressionSplit;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingDivergedException;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue's network tasks on real data: the tabular classifiers reach their quality targets, the diabetes
 * linear regression reaches R2 >= 0.35 and the least-squares optimum's test RMSE within 5%, and an epoch listener
 * that predicts changes nothing.
 */
class CatalogueNetworkTasksTest {
    private static final TaskCatalogue CATALOGUE = TaskCatalogue.builtIn();

    private static Model initialised(TaskSpec task) {
        Model model = new ReferenceEngine().build(task);
        model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                task.training().seed()));
        return model;
    }

    /** Trains a catalogue classification task, prints and returns the test accuracy. */
    private static double trainAndScore(String id) {
        TaskSpec task = CATALOGUE.get(id);
        TrainTestData data = Datasets.load(task.dataset());
        try (Model model = initialised(task)) {
            long start = System.nanoTime();
            TrainingLog log = model.train(data.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            double accuracy = RealDataTrainingTest.accuracy(model.predict(data.test().features()),
                    data.test().labels());
            System.out.printf("[reference] %s: test accuracy %.4f (target %s) after %d epochs in %.3f s, last epoch"
                    + " loss %.4f%n", id, accuracy, task.target().describe(), log.epochLosses().size(), seconds,
                    log.epochLosses().get(log.epochLosses().size() - 1));
            assertEquals(task.training().epochs(), log.epochLosses().size());
            assertTrue(task.target().isMetBy(accuracy), id + ": accuracy " + accuracy + " misses "
                    + task.target().describe());
            return accuracy;
        }
    }

    @Test
    void tabularClassifiersReachTheirTargets() {
        trainAndScore("wine-logreg");
        assertTrue(trainAndScore("breast-cancer-logreg") >= 0.94);
        trainAndScore("digits-logreg");
        trainAndScore("digits-mlp");
    }

    /** Test-set RMSE of {@code predictions} (one column) against {@code targets}. */
    private static double rmse(float[][] predictions, float[] targets) {
        double sse = 0;
        for (int i = 0; i < targets.length; i++) {
            double d = predictions[i][0] - (double) targets[i];
            sse += d * d;
        }
        return Math.sqrt(sse / targets.length);
    }

    /** {@code 1 - SSE/SST} on the test targets. */
    private static double r2(float[][] predictions, float[] targets) {
        double mean = 0;
        for (float t : targets) {
            mean += t;
        }
        mean /= targets.length;
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < targets.length; i++) {
            sse += Math.pow(predictions[i][0] - (double) targets[i], 2);
            sst += Math.pow(targets[i] - mean, 2);
        }
        return 1 - sse / sst;
    }

    /**
     * Ordinary least squares with an intercept, from the normal equations {@code (A^T A) w = A^T t} with
     * {@code A = [x, 1]}, solved in double by Gaussian elimination with partial pivoting; returns {@code w}
     * (the intercept last).
     */
    static double[] leastSquares(RegressionData train) {
        int d = train.numFeatures() + 1;
        double[][] m = new double[d][d + 1];
        for (int i = 0; i < train.size(); i++) {
            double[] a = new double[d];
            for (int k = 0; k < d - 1; k++) {
                a[k] = train.features()[i][k];
            }
            a[d - 1] = 1;
            for (int r = 0; r < d; r++) {
                for (int c = 0; c < d; c++) {
                    m[r][c] += a[r] * a[c];
                }
                m[r][d] += a[r] * train.targets()[i];
            }
        }
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            for (int r = 0; r < d; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= d; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double[] w = new double[d];
        for (int r = 0; r < d; r++) {
            w[r] = m[r][d] / m[r][r];
        }
        return w;
    }

    @Test
    void diabetesLinearRegressionReachesR2AndTheLeastSquaresRmse() {
        TaskSpec task = CATALOGUE.get("diabetes-linreg");
        RegressionSplit data = Datasets.loadRegression(task.dataset());
        try (Model model = initialised(task)) {
            long start = System.nanoTime();
            TrainingLog log = model.trainRegression(data.train(), EpochListener.NONE);
            double seconds = (System.nanoTime() - start) / 1e9;
            float[][] predictions = model.predict(data.test().features());
            assertEquals(data.test().size(), predictions.length);
            for (float[] row : predictions) {
                assertEquals(1, row.length, "a regression network predicts one column");
            }
            double r2 = r2(predictions, data.test().targets());
            double rmse = rmse(predictions, data.test().targets());
            double[] w = leastSquares(data.train());
            float[][] ols = new float[data.test().size()][1];
            for (int i = 0; i < ols.length; i++) {
                double y = w[w.length - 1];
                for (int k = 0; k < w.length - 1; k++) {
                    y += w[k] * data.test().features()[i][k];
                }
                ols[i][0] = (float) y;
            }
            double olsRmse = rmse(ols, data.test().targets());
            System.out.printf("[reference] diabetes-linreg: test R2 %.4f (target %s), RMSE %.4f vs least squares"
                    + " %.4f (R2 %.4f), %d epochs in %.3f s, last epoch loss %.4f%n", r2, task.target().describe(),
                    rmse, olsRmse, r2(ols, data.test().targets()), log.epochLosses().size(), seconds,
                    log.epochLosses().get(log.epochLosses().size() - 1));
            assertEquals(task.training().epochs(), log.epochLosses().size());
            assertTrue(log.epochLosses().get(log.epochLosses().size() - 1) < 0.5 * log.epochLosses().get(0),
                    "the training loss should fall: " + log.epochLosses());
            assertTrue(r2 >= 0.35 && task.target().isMetBy(r2), "R2 " + r2);
            assertTrue(Math.abs(rmse / olsRmse - 1) <= 0.05, "RMSE " + rmse + " vs least squares " + olsRmse);
        }
    }

    /** The final parameters and the listener's record of training {@code task}, with or without a listener. */
    private record Run(Parameters parameters, TrainingLog log, List<Integer> epochs, List<Double> losses,
                       List<float[][]> predictions) {
    }

    private static Run classification(TaskSpec task, LabeledData train, float[][] probe, boolean listen) {
        try (Model model = initialised(task)) {
            Run run = new Run(null, null, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            EpochListener listener = !listen ? EpochListener.NONE : (epoch, loss) -> {
                run.epochs().add(epoch);
                run.losses().add(loss);
                run.predictions().add(model.predict(probe));
            };
            TrainingLog log = model.train(train, listener);
            return new Run(model.exportParameters(), log, run.epochs(), run.losses(), run.predictions());
        }
    }

    private static Run regression(TaskSpec task, RegressionData train, float[][] probe, boolean listen) {
        try (Model model = initialised(task)) {
            Run run = new Run(null, null, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            EpochListener listener = !listen ? EpochListener.NONE : (epoch, loss) -> {
                run.epochs().add(epoch);
                run.losses().add(loss);
                run.predictions().add(model.predict(probe));
            };
            TrainingLog log = model.trainRegression(train, listener);
            return new Run(model.exportParameters(), log, run.epochs(), run.losses(), run.predictions());
        }
    }

    private static void assertListenerChangedNothing(TaskSpec task, Run quiet, Run listened, float[][] lastPrediction) {
        assertEquals(quiet.parameters(), listened.parameters(), task.id() + ": parameters with and without a"
                + " listener that predicts");
        assertEquals(quiet.log(), listened.log(), task.id() + ": epoch losses");
        int epochs = task.training().epochs();
        List<Integer> expected = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            expected.add(e);
        }
        assertEquals(expected, listened.epochs(), "the listener runs once after every epoch, numbered from 1");
        assertEquals(listened.log().epochLosses(), listened.losses(), "the listener gets the epoch's mean loss");
        float[][] last = listened.predictions().get(epochs - 1);
        for (int i = 0; i < last.length; i++) {
            assertArrayEquals(lastPrediction[i], last[i], "the last epoch's prediction is the trained model's");
        }
        assertNotEquals(java.util.Arrays.deepToString(listened.predictions().get(0)),
                java.util.Arrays.deepToString(last), "predictions after epoch 1 and the last epoch differ");
    }

    @Test
    void aListenerThatPredictsDoesNotChangeClassificationTraining() {
        // digits-mlp has a hidden layer and Adam, whose state a stray forward or step would disturb
        TaskSpec task = CATALOGUE.get("digits-mlp");
        TrainTestData data = Datasets.load(task.dataset());
        float[][] probe = data.test().features();
        Run quiet = classification(task, data.train(), probe, false);
        Run listened = classification(task, data.train(), probe, true);
        try (Model model = initialised(task)) {
            model.importParameters(quiet.parameters());
            assertListenerChangedNothing(task, quiet, listened, model.predict(probe));
        }
    }

    @Test
    void aListenerThatPredictsDoesNotChangeRegressionTraining() {
        TaskSpec task = CATALOGUE.get("diabetes-linreg");
        RegressionSplit data = Datasets.loadRegression(task.dataset());
        float[][] probe = data.test().features();
        Run quiet = regression(task, data.train(), probe, false);
        Run listened = regression(task, data.train(), probe, true);
        try (Model model = initialised(task)) {
            model.importParameters(quiet.parameters());
            assertListenerChangedNothing(task, quiet, listened, model.predict(probe));
        }
    }

    @Test
    void divergingRegressionStopsWithTheStep() {
        TaskSpec linreg = CATALOGUE.get("diabetes-linreg");
        TrainingRecipe r = linreg.training();
        TaskSpec hot = new TaskSpec("hot-linreg", "diabetes with a learning rate far too large", linreg.family(),
                linreg.dataset(), linreg.model(), new TrainingRecipe(new OptimizerSpec.Sgd(1e3), r.loss(),
                r.batchSize(), r.epochs(), r.initializer(), r.seed()), linreg.target());
        RegressionSplit data = Datasets.loadRegression(hot.dataset());
        try (Model model = initialised(hot)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> model.trainRegression(data.train(), EpochListener.NONE));
            assertTrue(e.getMessage().matches("task hot-linreg diverged at step \\d+ \\(epoch 1\\): loss is"
                    + " (NaN|Infinity)"), e.getMessage());
        }
    }

    @Test
    void theWrongTrainingPathIsRefusedWithTheOneToUse() {
        TaskSpec linreg = CATALOGUE.get("diabetes-linreg");
        TaskSpec wine = CATALOGUE.get("wine-logreg");
        try (Model regression = initialised(linreg); Model classifier = initialised(wine)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> regression.train(
                    new LabeledData(new float[][] {new float[10]}, new int[] {0}, 1)));
            assertTrue(e.getMessage().contains("train it with trainRegression"), e.getMessage());
            e = assertThrows(IllegalStateException.class, () -> classifier.trainRegression(
                    new RegressionData(new float[][] {new float[13]}, new float[] {1}), EpochListener.NONE));
            assertTrue(e.getMessage().contains("train it with train and class labels"), e.getMessage());
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () ->
                    regression.trainRegression(new RegressionData(new float[][] {new float[10], new float[10]},
                            new float[] {1, Float.NaN}), EpochListener.NONE));
            assertTrue(nan.getMessage().contains("target of row 1 is NaN"), nan.getMessage());
            IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () ->
                    regression.trainRegression(new RegressionData(new float[][] {new float[9]}, new float[] {1}),
                            EpochListener.NONE));
            assertTrue(width.getMessage().contains("has 9 features, the model expects 10"), width.getMessage());
        }
    }
}
