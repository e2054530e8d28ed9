package dev.jmlbench.core.task;

/**
 * How a model is trained, identically on every engine.
 *
 * <p>Examples are visited in the order of the training split, in consecutive mini-batches of
 * {@code batchSize} (the last one smaller when the count does not divide), the same order every epoch. The
 * split itself is a seeded permutation, so the order is random but fixed and the same for every engine.
 *
 * @param optimizer   optimiser and its hyper-parameters
 * @param loss        loss averaged over each mini-batch
 * @param batchSize   examples per mini-batch, at least 1
 * @param epochs      passes over the training data, at least 1
 * @param initializer how the canonical initial parameters are drawn
 * @param seed        seed of the initial parameters
 */
public record TrainingRecipe(OptimizerSpec optimizer, Loss loss, int batchSize, int epochs,
                             Initializer initializer, long seed) {
    public TrainingRecipe {
        if (optimizer == null || loss == null || initializer == null) {
            throw new IllegalArgumentException("training recipe needs an optimizer, a loss and an initializer");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
    }
}
