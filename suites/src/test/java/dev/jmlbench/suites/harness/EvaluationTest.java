package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {
    private static final DatasetInfo INFO = new DatasetInfo("t", "test", "none", "", List.of(), true);

    private static float[] oneHot(int k, int classes) {
        float[] p = new float[classes];
        p[k] = 1;
        return p;
    }

    @Test
    void macroF1MatchesScikitLearnsDocumentedExample() {
        // sklearn.metrics.f1_score docs: y_true [0,1,2,0,1,2], y_pred [0,2,1,0,0,1], average="macro" -> 0.26666...
        int[] truth = {0, 1, 2, 0, 1, 2};
        int[] pred = {0, 2, 1, 0, 0, 1};
        float[][] p = new float[6][];
        for (int i = 0; i < 6; i++) {
            p[i] = oneHot(pred[i], 3);
        }
        assertEquals(0.26666666666666666, Evaluation.macroF1(p, truth, 3), 1e-12);
        assertEquals(2.0 / 6, Evaluation.accuracy(p, truth), 1e-12);
    }

    @Test
    void logLossIsClampedSoOneConfidentMistakeStaysFinite() {
        float[][] p = {{1, 0}, {0, 1}};
        double loss = Evaluation.logLoss(p, new int[] {1, 1});
        assertEquals(-Math.log(Evaluation.LOG_LOSS_FLOOR) / 2, loss, 1e-9);
    }

    @Test
    void regressionGivesRmseAndR2AndJudgesTheTarget() {
        TaskSpec task = TaskCatalogue.builtIn().get("diabetes-linreg"); // target R2 >= 0.35
        RegressionData train = new RegressionData(new float[][] {{0}}, new float[] {0});
        RegressionData test = new RegressionData(new float[][] {{0}, {0}, {0}, {0}}, new float[] {1, 2, 3, 4});
        TaskData data = new TaskData.Regression(INFO, "s", train, test);
        Evaluation perfect = Evaluation.of(task, data, new float[][] {{1}, {2}, {3}, {4}});
        assertEquals(0, perfect.metrics().get(Names.METRIC_RMSE), 1e-12);
        assertEquals(1, perfect.target(), 1e-12);
        assertTrue(perfect.met());
        Evaluation mean = Evaluation.of(task, data, new float[][] {{2.5f}, {2.5f}, {2.5f}, {2.5f}});
        assertEquals(0, mean.target(), 1e-12); // predicting the mean explains nothing
        assertEquals(Math.sqrt(1.25), mean.metrics().get(Names.METRIC_RMSE), 1e-6);
        assertFalse(mean.met());
    }

    @Test
    void bitsPerCharacterOnlyForCharacterModels() {
        TaskSpec charlm = TaskCatalogue.builtIn().get("charlm-lstm");
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        LabeledData d = new LabeledData(new float[][] {{0}, {1}}, new int[] {0, 1}, 2);
        TaskData data = new TaskData.Classification(INFO, "s", d, d);
        float[][] half = {{0.5f, 0.5f}, {0.5f, 0.5f}};
        Evaluation e = Evaluation.of(charlm, data, half);
        assertEquals(1.0, e.target(), 1e-6); // a fair coin: one bit per symbol
        assertTrue(e.met()); // <= 3.9 bits
        assertFalse(Evaluation.of(iris, data, half).metrics().containsKey(Names.METRIC_BITS_PER_CHARACTER));
    }

    @Test
    void aTargetTheDataCannotGiveIsAnError() {
        TaskSpec diabetes = TaskCatalogue.builtIn().get("diabetes-linreg");
        LabeledData d = new LabeledData(new float[][] {{0}}, new int[] {0}, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Evaluation.of(diabetes,
                new TaskData.Classification(INFO, "s", d, d), new float[][] {{1}}));
        assertTrue(e.getMessage().contains("r2"), e.getMessage());
    }
}
