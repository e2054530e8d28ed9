package dev.jmlbench.core.task;

/**
 * Which data a task uses and how it is split.
 *
 * @param id           dataset id as known to the datasets module (e.g. {@code iris})
 * @param testFraction fraction of examples held out for testing, in (0, 1)
 * @param splitSeed    seed of the stratified split (and thus of the training order)
 */
public record DatasetRef(String id, double testFraction, long splitSeed) {
    public DatasetRef {
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
