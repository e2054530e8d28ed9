package dev.jmlbench.suites.harness;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.core.task.TaskSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The quality of a model's test-set outputs: accuracy, macro-F1 and log-loss (and bits per character) for a
 * classifier, RMSE and R^2 for a regression; {@code target} is the value of the task's target metric.
 *
 * @param metrics figures by result metric name ({@link Names}), with their units in {@link #unitOf}
 * @param target  the value of the task's quality-target metric
 * @param met     whether it reaches the target
 */
public record Evaluation(Map<String, Double> metrics, double target, boolean met) {
    /** Probabilities are clamped here before the log, so that one confident mistake gives a finite log-loss. */
    static final double LOG_LOSS_FLOOR = 1e-7;

    public Evaluation {
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** Evaluates {@code outputs} (one row per test example) against the test split of {@code data}. */
    public static Evaluation of(TaskSpec task, TaskData data, float[][] outputs) {
        Map<String, Double> m = new LinkedHashMap<>();
        if (data instanceof TaskData.Classification c) {
            int[] labels = c.test().labels();
            m.put(Names.METRIC_ACCURACY, accuracy(outputs, labels));
            m.put(Names.METRIC_MACRO_F1, macroF1(outputs, labels, c.test().numClasses()));
            double logLoss = logLoss(outputs, labels);
            m.put(Names.METRIC_LOG_LOSS, logLoss);
            if (task.target().metric() == QualityTarget.Metric.BITS_PER_CHARACTER) {
                m.put(Names.METRIC_BITS_PER_CHARACTER, logLoss / Math.log(2)); // only for a character-level model
            }
        } else if (data instanceof TaskData.Regression r) {
            float[] y = r.test().targets();
            double sse = 0;
            double mean = 0;
            for (float v : y) {
                mean += v;
            }
            mean /= y.length;
            double sst = 0;
            for (int i = 0; i < y.length; i++) {
                double e = outputs[i][0] - y[i];
                sse += e * e;
                sst += (y[i] - mean) * (y[i] - mean);
            }
            m.put(Names.METRIC_RMSE, Math.sqrt(sse / y.length));
            m.put(Names.METRIC_R2, sst == 0 ? Double.NaN : 1 - sse / sst);
        }
        String name = task.target().metric().resultName();
        Double value = m.get(name);
        if (value == null) {
            throw new IllegalStateException("task " + task.id() + " targets " + name + ", which "
                    + data.getClass().getSimpleName().toLowerCase() + " data does not give");
        }
        return new Evaluation(m, value, !Double.isNaN(value) && task.target().isMetBy(value));
    }

    /** Unit of a metric this class computes. */
    public static String unitOf(String metric) {
        return switch (metric) {
            case Names.METRIC_LOG_LOSS -> Names.UNIT_NATS;
            case Names.METRIC_BITS_PER_CHARACTER -> Names.UNIT_BITS;
            case Names.METRIC_RMSE -> Names.UNIT_TARGET;
            default -> Names.UNIT_FRACTION;
        };
    }

    /** Fraction of examples whose arg-max output is the true class. */
    public static double accuracy(float[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += argMax(probabilities[i]) == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** Mean of {@code -ln p(true class)}, with p clamped below at {@link #LOG_LOSS_FLOOR}. */
    public static double logLoss(float[][] probabilities, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(LOG_LOSS_FLOOR, probabilities[i][labels[i]]));
        }
        return sum / labels.length;
    }

    /**
     * Unweighted mean over the classes that occur in the labels or the predictions of
     * {@code 2 * precision * recall / (precision + recall)} (0 for a class with no true positive), as
     * scikit-learn's {@code f1_score(average="macro")} computes it.
     */
    public static double macroF1(float[][] probabilities, int[] labels, int numClasses) {
        int[] tp = new int[numClasses];
        int[] predicted = new int[numClasses];
        int[] actual = new int[numClasses];
        for (int i = 0; i < labels.length; i++) {
            int p = argMax(probabilities[i]);
            predicted[p]++;
            actual[labels[i]]++;
            if (p == labels[i]) {
                tp[p]++;
            }
        }
        double sum = 0;
        int classes = 0;
        for (int k = 0; k < numClasses; k++) {
            if (predicted[k] == 0 && actual[k] == 0) {
                continue;
            }
            classes++;
            sum += 2.0 * tp[k] / (predicted[k] + actual[k]);
        }
        return classes == 0 ? 0 : sum / classes;
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
}
