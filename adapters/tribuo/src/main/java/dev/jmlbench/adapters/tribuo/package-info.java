/**
 * The Tribuo engine adapter (engine id {@code tribuo}): multinomial logistic regression with Tribuo 4.3's
 * {@code LinearSGDTrainer}, {@code LogMulticlass} objective and constant-learning-rate {@code SGD}, pure Java,
 * single-threaded, CPU only.
 *
 * <h2>What Tribuo 4.3.2 computes, read from its source</h2>
 * <ul>
 *   <li><b>Weights</b>: {@code LinearParameters} holds one {@code DenseMatrix} of shape
 *       [numLabels, numFeatures + 1]; row = label id, column = feature id, and the <b>bias is the last column</b>
 *       (the trainer appends a constant 1.0 feature to every example, {@code addBias = true}). The bias is
 *       updated with the same learning rate as the weights. There is no regularisation.</li>
 *   <li><b>Initial weights</b>: {@code AbstractLinearSGDTrainer.createParameters} makes a fresh
 *       {@code new LinearParameters(numFeatures + 1, numLabels)}, i.e. all zeros; the RNG it is given is not used.
 *       There is no way to start training from other weights, so only the {@code ZEROS} initializer is
 *       supported.</li>
 *   <li><b>Mini-batches</b> ({@code AbstractSGDTrainer.train}, minibatch size B &gt; 1): the per-example
 *       gradients of a batch are <b>summed</b> ({@code LinearParameters.merge}), then multiplied by B
 *       ({@code scaleInPlace(minibatchSize)}), then multiplied by the optimiser's learning rate and by
 *       {@code (sum of the batch's example weights) / B}. With unit weights a full batch therefore moves the
 *       weights by {@code lr * B * sum(grad) = lr * B^2 * mean(grad)}, not {@code lr * mean(grad)}. The last,
 *       partial batch of m &lt; B examples moves them by {@code lr * m * sum(grad) = lr * m^2 * mean(grad)}.
 *       Example weights scale only that batch factor, never the individual gradients.</li>
 *   <li><b>Order</b>: with {@code setShuffle(false)} the examples are visited in dataset order, the same order
 *       every epoch, in consecutive batches; the last batch is the remainder.</li>
 * </ul>
 *
 * <h2>How the adapter makes Tribuo run the task's recipe exactly</h2>
 * Only through Tribuo's public API: the optimiser is {@code SGD.getSimpleSGD(lr / B^2)} and every example of a
 * full batch has weight 1, so a full batch moves the weights by {@code lr * mean(grad)}; the examples of a last
 * partial batch of m examples get weight {@code (B / m)^2}, so it too moves them by {@code lr * mean(grad)}. This
 * is the recipe's update exactly (up to float32/float64 rounding; Tribuo computes in double). Tribuo does not
 * expose the loss of a training run, so {@link dev.jmlbench.core.engine.TrainingLog} is empty.
 *
 * <h2>Parameters and prediction</h2>
 * Features are named {@code f0000, f0001, ...} (zero-padded, so Tribuo's name order is column order) and classes
 * {@code "0", "1", ...}; canonical index and Tribuo id are mapped through the model's own feature map and output
 * info, never assumed. Imported parameters become the weight matrix of a real {@code LinearSGDModel}: the model
 * is serialised with Tribuo's protobuf API, its {@code LinearParameters} replaced by ones built from the imported
 * values, and deserialised again; predictions always go through that model's {@code predict}.
 */
package dev.jmlbench.adapters.tribuo;
