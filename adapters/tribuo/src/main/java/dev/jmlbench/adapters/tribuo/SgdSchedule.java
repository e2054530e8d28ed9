package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TrainingRecipe;

/**
 * The recipe's mini-batch SGD expressed in Tribuo 4.3's update rule (see the package documentation).
 *
 * <p>Tribuo moves the weights after a batch of m examples by {@code rate * (sum of their weights / B) * B *
 * sum_k d_k}, where {@code d_k} is its objective's per-example descent direction and B the minibatch size. The
 * recipe moves them by {@code lr * mean_k g_k}, with {@code g_k = lossScale * d_k} the per-example gradient of the
 * recipe's loss ({@code lossScale} is 1 for softmax cross-entropy, whose gradient Tribuo's {@code LogMulticlass}
 * computes exactly, and 2 for mean squared error, since Tribuo's {@code SquaredLoss} is {@code (y - t)^2 / 2}).
 * So the Tribuo rate is {@code lossScale * lr / B^2}, examples of full batches weigh 1 and those of a last partial
 * batch of m examples weigh {@code (B / m)^2}.
 *
 * @param tribuoLearningRate the constant rate given to Tribuo's {@code SGD.getSimpleSGD}
 * @param batchSize          B, the recipe's batch size and Tribuo's minibatch size
 * @param partialBatch       size m of the last partial batch, 0 when B divides the number of examples
 * @param partialBatchWeight weight of each example of that batch, {@code (B / m)^2}; 1 when there is none
 */
record SgdSchedule(double tribuoLearningRate, int batchSize, int partialBatch, float partialBatchWeight) {

    /** The schedule for {@code examples} training examples; {@code lossScale} as in the class documentation. */
    static SgdSchedule of(TrainingRecipe recipe, int examples, double lossScale) {
        double lr = ((OptimizerSpec.Sgd) recipe.optimizer()).learningRate();
        int batch = recipe.batchSize();
        int partial = examples % batch;
        float weight = partial == 0 ? 1f : (float) (((double) batch * batch) / ((double) partial * partial));
        return new SgdSchedule(lossScale * lr / ((double) batch * batch), batch, partial, weight);
    }

    /** Weight of training example {@code index} of {@code examples}. */
    float weightOf(int index, int examples) {
        return index >= examples - partialBatch ? partialBatchWeight : 1f;
    }

    /** For provenance: how the recipe was mapped. */
    String describe(double recipeLearningRate, double lossScale) {
        return "Tribuo SGD rate " + tribuoLearningRate + " = " + (lossScale == 1 ? "" : lossScale + " * ")
                + recipeLearningRate + " / " + batchSize + "^2; example weight 1 in full batches"
                + (partialBatch == 0 ? "" : ", " + partialBatchWeight + " = (" + batchSize + "/" + partialBatch
                + ")^2 in the last batch of " + partialBatch);
    }
}
