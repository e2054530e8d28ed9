package dev.jmlbench.core.task;

/**
 * Which data a task uses and how it is split.
 *
 * @param id           dataset id as known to the datasets module (e.g. {@code iris})
 * @param testFraction fraction of examples held out for testing, in (0, 1)
 * @param splitSeed    seed of the stratified split (and thus of the training order)
 * @param stride       for data cut into windows (text, series): steps between the starts of consecutive windows
 *                     (the window length is the model's first input dimension); null for tabular data and
 *                     images, and for windows that do not overlap
 */
public record DatasetRef(String id, double testFraction, long splitSeed, Integer stride) {

    /** A reference to tabular or image data, or to windows that do not overlap. */
    public DatasetRef(String id, double testFraction, long splitSeed) {
        this(id, testFraction, splitSeed, null);
    }

    public DatasetRef {
        if (stride != null && stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("dataset id must not be empty");
        }
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must lie in (0, 1), got " + testFraction);
        }
    }

    /** A short, stable description of the split, recorded with every result. */
    public String splitDescription() {
        return "stratified, test fraction " + testFraction + ", seed " + splitSeed;
    }
}
