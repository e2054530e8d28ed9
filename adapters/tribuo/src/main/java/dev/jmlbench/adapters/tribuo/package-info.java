/**
 * The Tribuo engine adapter (engine id {@code tribuo}), on Tribuo 4.3's individual modules (never
 * {@code tribuo-all}). It runs:
 * <ul>
 *   <li><b>multinomial logistic regression</b> (one Dense SOFTMAX layer, softmax cross-entropy, plain SGD) with
 *       the classification {@code LinearSGDTrainer}, {@code LogMulticlass} objective and constant-rate SGD;</li>
 *   <li><b>linear regression</b> (one Dense(1, IDENTITY) layer, mean squared error, plain SGD; task
 *       {@code diabetes-linreg}) with the regression {@code LinearSGDTrainer} and {@code SquaredLoss};</li>
 *   <li>the <b>classic algorithms</b> CART, random forest, XGBoost and LIBLINEAR logistic regression (see
 *       {@link dev.jmlbench.adapters.tribuo.ClassicTrainers} for each mapping and what is refused).</li>
 * </ul>
 * Everything runs on the CPU. Tribuo's SGD, CART, bagging and the LIBLINEAR port are pure Java and
 * single-threaded; XGBoost is native (xgboost4j 1.6.2 carries {@code libxgboost4j.so} inside its jar and needs
 * the system's {@code libgomp.so.1}) and gets the thread budget as {@code nthread}. The native library is loaded
 * when the engine opens; if it does not load, XGBoost tasks are refused with the reason (the rest still runs).
 * Opening the engine turns the {@code org.tribuo} java.util.logging logger down to WARNING (its SGD trainers log
 * every run and its bagging trainer every tree at INFO); no other logger is touched.
 *
 * <h2>What Tribuo 4.3.2's linear SGD computes, read from its source</h2>
 * <ul>
 *   <li><b>Weights</b>: {@code LinearParameters} holds one {@code DenseMatrix} of shape
 *       [outputs, numFeatures + 1]; row = label (or regression dimension) id, column = feature id, and the
 *       <b>bias is the last column</b> (the trainer appends a constant 1.0 feature to every example,
 *       {@code addBias = true}). The bias is updated with the same learning rate as the weights. There is no
 *       regularisation.</li>
 *   <li><b>Initial weights</b>: {@code AbstractLinearSGDTrainer.createParameters} makes a fresh zero
 *       {@code LinearParameters}; the RNG it is given is not used. The adapter's trainers
 *       ({@link dev.jmlbench.adapters.tribuo.ContinuingTrainers}) override this protected hook to start from the
 *       model's current weights instead, and change nothing else.</li>
 *   <li><b>Mini-batches</b> ({@code AbstractSGDTrainer.train}, minibatch size B &gt; 1): the per-example
 *       descent directions of a batch are <b>summed</b> ({@code LinearParameters.merge}), then multiplied by B
 *       ({@code scaleInPlace(minibatchSize)}), then multiplied by the optimiser's learning rate and by
 *       {@code (sum of the batch's example weights) / B}. With unit weights a full batch therefore moves the
 *       weights by {@code lr * B * sum(d) = lr * B^2 * mean(d)}, not {@code lr * mean(d)}. The last, partial batch
 *       of m &lt; B examples moves them by {@code lr * m * sum(d) = lr * m^2 * mean(d)}. Example weights scale only
 *       that batch factor, never the individual directions (TribuoSgdRuleTest, and for regression
 *       TribuoRegressionTest, pin this rule).</li>
 *   <li><b>Directions</b>: {@code LogMulticlass} gives {@code (onehot - softmax) x}, exactly minus the gradient of
 *       the softmax cross-entropy; {@code SquaredLoss} is {@code (t - y)^2 / 2} and gives {@code (t - y) x}, minus
 *       <em>half</em> the gradient of the squared error.</li>
 *   <li><b>Order</b>: with {@code setShuffle(false)} the examples are visited in dataset order, the same order
 *       every epoch, in consecutive batches; the last batch is the remainder.</li>
 *   <li><b>Loss</b>: Tribuo computes it but only logs it; it is not returned, so
 *       {@link dev.jmlbench.core.engine.TrainingLog} is empty and the epoch listener gets NaN.</li>
 * </ul>
 *
 * <h2>How the adapter makes Tribuo run the task's recipe exactly</h2>
 * Through Tribuo's API ({@link dev.jmlbench.adapters.tribuo.SgdSchedule}): the optimiser is
 * {@code SGD.getSimpleSGD(s * lr / B^2)}, with {@code s = 1} for softmax cross-entropy and {@code s = 2} for mean
 * squared error, and every example of a full batch has weight 1, so a full batch moves the weights by
 * {@code lr * mean(grad)}; the examples of a last partial batch of m examples get weight {@code (B / m)^2}, so it
 * too moves them by {@code lr * mean(grad)}. This is the recipe's update exactly, up to float32/float64 rounding
 * (Tribuo computes in double): TribuoReferenceParityTest compares with the reference engine, TribuoRegressionTest
 * with plain SGD on the mean squared error computed by hand (relative difference about 1e-15 after 100 epochs).
 *
 * <h2>Epoch by epoch</h2>
 * {@code train(data, listener)} and {@code trainRegression(data, listener)} run one Tribuo training run per epoch,
 * each starting from the weights the previous run ended with, and call the listener after each. Shuffling is off
 * and the SGD rate is constant (its only state, the step count, does not enter the update), so this does the very
 * arithmetic of one multi-epoch run: TribuoEpochByEpochTest checks the weights are bit-identical after every epoch,
 * and bit-identical to Tribuo's stock {@code LinearSGDTrainer}. Each run converts the examples to Tribuo's vectors
 * again, which costs a little time per epoch. Without a listener (or with {@code EpochListener.NONE}) training is
 * one Tribuo run of all epochs. The classic algorithms train in one Tribuo call and never call the listener.
 *
 * <h2>Parameters and prediction</h2>
 * Features are named {@code f0000, f0001, ...} (zero-padded, so Tribuo's name order is column order) and classes
 * {@code "0", "1", ...}; canonical index and Tribuo id are mapped through the model's own feature map and output
 * info, never assumed. Imported parameters become the weight matrix of a real Tribuo {@code LinearSGDModel}: a
 * training run of zero epochs that starts from them. Predictions always go through the Tribuo model's
 * {@code predict}: softmax probabilities for logistic regression, the predicted value (one column) for linear
 * regression, class probabilities for the classic algorithms (how each derives them is recorded in its
 * provenance). Classic models have no canonical parameters: export gives an empty
 * {@link dev.jmlbench.core.params.Parameters}, importing an empty one is a no-op, anything else is refused.
 *
 * <h2>Provenance</h2>
 * {@link dev.jmlbench.core.engine.Model#provenance()} returns Tribuo's provenance of the trained model as
 * name/value strings ({@link dev.jmlbench.adapters.tribuo.TribuoProvenance}): trainer class, every trainer
 * hyper-parameter, Tribuo and Java versions, the whole provenance as one string, the adapter's own notes
 * ({@code adapter.*}) and, for tree models, {@code node-count}.
 */
package dev.jmlbench.adapters.tribuo;
