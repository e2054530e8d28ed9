package dev.jmlbench.core.data;

/**
 * Examples with real-valued targets (regression, forecasting). The arrays are owned by this object.
 *
 * @param features one row per example, every row of the same length
 * @param targets  target per example
 */
public record RegressionData(float[][] features, float[] targets) {
    public RegressionData {
        if (features == null || targets == null) {
            throw new IllegalArgumentException("features and targets are required");
        }
        if (features.length != targets.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + targets.length + " targets");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("no examples");
        }
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != features[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length
                        + " features, row 0 has " + features[0].length);
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return targets.length;
    }

    /** Number of features per example. */
    public int numFeatures() {
        return features[0].length;
    }
}
