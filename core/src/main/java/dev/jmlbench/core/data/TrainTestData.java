package dev.jmlbench.core.data;

/**
 * A dataset split into training and test parts, with the description of how it was split and prepared.
 *
 * @param info             provenance
 * @param split            how the split was made (e.g. "stratified, test fraction 0.2, seed 42")
 * @param preprocessing    what was done to the features (e.g. "standardised with training mean and std")
 * @param train            training examples, in the order every engine visits them
 * @param test             test examples
 */
public record TrainTestData(DatasetInfo info, String split, String preprocessing, LabeledData train,
                            LabeledData test) {
    public TrainTestData {
        if (train.numFeatures() != test.numFeatures()) {
            throw new IllegalArgumentException("train has " + train.numFeatures() + " features, test has "
                    + test.numFeatures());
        }
    }
}
