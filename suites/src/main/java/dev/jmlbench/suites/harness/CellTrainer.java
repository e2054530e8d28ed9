package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.TaskSpec;

/**
 * Builds a task's model on an engine, imports the canonical initial parameters (identical for every engine),
 * trains it and evaluates it on the test split. Used alike by the quality run and the JMH setup, so the timed
 * model is trained exactly as the measured one.
 */
public final class CellTrainer {
    /** Probabilities are clamped here before the log, so that one confident mistake gives a finite log-loss. */
    static final double LOG_LOSS_FLOOR = 1e-7;

    private CellTrainer() {
    }

    /** Trains {@code task} on {@code engine}; the returned cell's model is open and owned by the caller. */
    public static TrainedCell train(Engine engine, TaskSpec task, TrainTestData data) {
        Model model = engine.build(task);
        try {
            model.importParameters(ParameterInitializer.initialize(task.model(), task.training().initializer(),
                    task.training().seed()));
            long start = System.nanoTime();
            TrainingLog log = model.train(data.train());
            double seconds = (System.nanoTime() - start) / 1e9;
            float[][] p = model.predict(data.test().features());
            return new TrainedCell(model, log, seconds, accuracy(p, data.test()), logLoss(p, data.test()), p);
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** Fraction of examples whose arg-max probability is the true class. */
    public static double accuracy(float[][] probabilities, LabeledData data) {
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            correct += argMax(probabilities[i]) == data.labels()[i] ? 1 : 0;
        }
        return (double) correct / data.size();
    }

    /** Mean of {@code -ln p(true class)}, with p clamped below at {@link #LOG_LOSS_FLOOR}. */
    public static double logLoss(float[][] probabilities, LabeledData data) {
        double sum = 0;
        for (int i = 0; i < data.size(); i++) {
            sum -= Math.log(Math.max(LOG_LOSS_FLOOR, probabilities[i][data.labels()[i]]));
        }
        return sum / data.size();
    }

    static int argMax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Largest absolute element-wise difference of two equally shaped probability matrices. */
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
