/**
 * The DJL adapter: runs jmlbench tasks on DJL (Deep Java Library) with its PyTorch engine, CPU build.
 *
 * <p>{@link dev.jmlbench.adapters.djl.DjlEngineProvider} is found through {@code META-INF/services}. It loads no
 * DJL class until {@link dev.jmlbench.adapters.djl.DjlEngineProvider#open open}, which first makes DJL offline
 * (DJL's engine otherwise sends telemetry to the cloud-metadata address when it initialises), points its native
 * cache at the harness's cache folder and fixes PyTorch's thread pools, and only then loads the PyTorch engine.
 *
 * <p>Translation of a task: each Dense layer becomes a DJL {@code Linear} block followed by its activation block;
 * the output layer emits logits, softmax is applied in {@code predict} and inside the loss
 * ({@code SoftmaxCrossEntropyLoss} from logits) in training. PyTorch's Linear weight is {@code [out, in]}, the
 * canonical one {@code [in, out]}: import and export transpose exactly. Training is one plain SGD step per
 * consecutive mini-batch, in the order given, with a fixed learning rate.
 *
 * <p>Native memory: every NDArray made for a batch or a prediction lives in a sub-manager closed at the end of
 * the call, so repeated calls do not grow the model's native memory.
 */
package dev.jmlbench.adapters.djl;
