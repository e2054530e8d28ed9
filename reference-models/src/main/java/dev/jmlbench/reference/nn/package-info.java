/**
 * The reference engine's small neural-network library: layers with forward and backward passes written out
 * ({@link dev.jmlbench.reference.nn.Layer} and its subclasses), losses, optimisers and
 * {@link dev.jmlbench.reference.nn.Network}, which assembles a {@link dev.jmlbench.core.task.ModelSpec} from them.
 *
 * <p>Tensors are plain row-major {@code float[]} arrays holding a whole mini-batch: example {@code b} of a layer
 * whose examples have {@code n} values occupies {@code [b * n, (b + 1) * n)}, and within an example the layout
 * is that of {@link dev.jmlbench.core.task.LayerSpec} (images {@code [C, H, W]}, sequences {@code [T, F]}).
 * Matrix products go through {@link dev.jmlbench.reference.gemm.Gemm}; everything else is a plain loop whose
 * formula each class states.
 */
package dev.jmlbench.reference.nn;
