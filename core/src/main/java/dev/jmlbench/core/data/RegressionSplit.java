package dev.jmlbench.core.data;

/**
 * A regression dataset split into training and test parts.
 *
 * @param info          provenance
 * @param split         how it was split
 * @param preprocessing what was done to features and targets
 * @param train         training examples, in the order every engine visits them
 * @param test          test examples
 */
public record RegressionSplit(DatasetInfo info, String split, String preprocessing, RegressionData train,
                              RegressionData test) {
    public RegressionSplit {
        if (train.numFeatures() != test.numFeatures()) {
            throw new IllegalArgumentException("train has " + train.numFeatures() + " features, test has "
                    + test.numFeatures());
        }
    }
}
