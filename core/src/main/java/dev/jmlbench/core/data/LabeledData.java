package dev.jmlbench.core.data;

/**
 * Labelled examples for classification: one row of features and one class index per example.
 * The arrays are owned by this object; callers must not modify them.
 *
 * @param features   one row per example, every row of the same length
 * @param labels     class index per example, in {@code [0, numClasses)}
 * @param numClasses number of classes
 */
public record LabeledData(float[][] features, int[] labels, int numClasses) {
    public LabeledData {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("features and labels are required");
        }
        if (features.length != labels.length) {
            throw new IllegalArgumentException(features.length + " feature rows but " + labels.length + " labels");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("no examples");
        }
        int width = features[0].length;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length
                        + " features, row 0 has " + width);
            }
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of row " + i + " is outside [0, "
                        + numClasses + ")");
            }
        }
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** Number of features per example. */
    public int numFeatures() {
        return features[0].length;
    }

    /** Examples per class. */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
