package dev.jmlbench.conformance;

/**
 * The quality figures the checks hold engines to, computed the same way for every engine: accuracy, R2 and RMSE of
 * one-column predictions, bits per character, and the most-frequent-class rate. No JUnit: the harness may use them.
 */
public final class Metrics {
    private Metrics() {
    }

    /** Fraction of rows whose arg-max (the first, on ties) is the label. */
    public static double accuracy(float[][] probabilities, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int j = 1; j < probabilities[i].length; j++) {
                if (probabilities[i][j] > probabilities[i][best]) {
                    best = j;
                }
            }
            correct += best == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }

    /** Coefficient of determination {@code 1 - SSE/SST} of one-column predictions. */
    public static double r2(float[][] predicted, float[] targets) {
        double mean = 0;
        for (float t : targets) {
            mean += t;
        }
        mean /= targets.length;
        double sse = 0;
        double sst = 0;
        for (int i = 0; i < targets.length; i++) {
            sse += (predicted[i][0] - targets[i]) * (double) (predicted[i][0] - targets[i]);
            sst += (targets[i] - mean) * (targets[i] - mean);
        }
        return 1 - sse / sst;
    }

    /** Root mean squared error of one-column predictions. */
    public static double rmse(float[][] predicted, float[] targets) {
        double sse = 0;
        for (int i = 0; i < targets.length; i++) {
            sse += (predicted[i][0] - targets[i]) * (double) (predicted[i][0] - targets[i]);
        }
        return Math.sqrt(sse / targets.length);
    }

    /** Mean of {@code -log2 p(label)}, probabilities floored at 1e-7 as the harness's evaluation does. */
    public static double bitsPerCharacter(float[][] p, int[] labels) {
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
            sum -= Math.log(Math.max(1e-7, p[i][labels[i]])) / Math.log(2);
        }
        return sum / labels.length;
    }

    /** The accuracy of always answering the most frequent of {@code classes} labels. */
    public static double majorityRate(int[] labels, int classes) {
        int[] counts = new int[classes];
        int best = 0;
        for (int y : labels) {
            best = Math.max(best, ++counts[y]);
        }
        return best / (double) labels.length;
    }
}
