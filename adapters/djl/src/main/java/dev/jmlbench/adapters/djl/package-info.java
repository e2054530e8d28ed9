/**
 * The DJL adapter: runs jmlbench tasks on DJL (Deep Java Library) with its PyTorch engine, CPU build by default
 * (a CUDA build with the {@code gpu} Maven profile).
 *
 * <p>{@link dev.jmlbench.adapters.djl.DjlEngineProvider} is found through {@code META-INF/services}. It loads no
 * DJL class until {@link dev.jmlbench.adapters.djl.DjlEngineProvider#open open}, which first makes DJL offline
 * (DJL's engine otherwise sends telemetry to the cloud-metadata address when it initialises), points its native
 * cache at the harness's cache folder and fixes PyTorch's thread pools, and only then loads the PyTorch engine.
 *
 * <p>Translation of a task ({@code DjlNetwork}): every layer of the spec becomes one child block of a
 * {@code SequentialBlock} - Dense to {@code Linear}, Conv2D to {@code Conv2d} (NCHW), Conv1D to PyTorch's
 * {@code conv1d} between two transposes (sequences stay batch first, [batch, steps, channels], so Flatten flattens
 * them step by step), max/average pooling, Flatten, Dropout, Embedding (a block holding exactly the canonical table), SimpleRNN ({@code RNN} with tanh),
 * LSTM and GRU (batch first, PyTorch's gate orders i,f,g,o and r,z,n, which are the canonical ones), each followed
 * by its activation - so layer-by-layer outputs can be compared with the reference engine's. A classifier's output
 * layer emits logits; softmax is applied in {@code predict} and inside the loss. A regression network (mean squared
 * error, RMSE or R2 target) ends in a one-unit Dense layer that emits the prediction, trained with DJL's
 * {@code L2Loss} at weight 1 (the spec's batch mean of squared errors, no 1/2). Classic algorithms (trees,
 * forests, boosting, LIBLINEAR) are refused: the adapter runs networks only. Parameters are imported and exported in
 * the canonical layout: PyTorch's Linear and recurrent weights are transposed, and the single canonical bias of
 * SimpleRNN and LSTM is held as PyTorch's {@code b_ih} with {@code b_hh} frozen at zero.
 *
 * <p>Training is one optimiser step per consecutive mini-batch, in the order given: the gradients come from DJL's
 * gradient collector, the update ({@code DjlOptimizer}) is SGD, momentum or Adam written out exactly as the spec
 * states them. An epoch listener is called after every epoch with the epoch's mean loss, and may predict.
 *
 * <p>Native memory: every NDArray made for a batch or a prediction lives in a sub-manager closed at the end of
 * the call, so repeated calls do not grow the model's native memory.
 */
package dev.jmlbench.adapters.djl;
