/**
 * The Deeplearning4j engine adapter: runs jmlbench tasks on DL4J's {@code MultiLayerNetwork} over the
 * nd4j-native CPU backend (libnd4j + OpenBLAS, linux-x86_64), registered under the engine id {@code dl4j}.
 *
 * <p>Translation of a task:
 * <ul>
 *   <li>each hidden {@link dev.jmlbench.core.task.LayerSpec.Dense} becomes a DL4J {@code DenseLayer}; the last
 *       one (softmax) becomes an {@code OutputLayer} with {@code LossMCXENT};</li>
 *   <li>plain SGD is nd4j's {@code Sgd} updater with the task's learning rate, with no regularisation, dropout or
 *       gradient normalisation; {@code miniBatch(true)} makes DL4J divide both the loss and the gradient by the
 *       mini-batch size, as the task spec requires;</li>
 *   <li>everything is float32.</li>
 * </ul>
 *
 * <p>Parameters: DL4J keeps a Dense weight {@code W} as a logical [in, out] matrix, the same orientation as the
 * canonical layout, but stored as a column-major ('f') view into one flat parameter vector. Import and export go
 * through logical indices ({@code setParam} / {@code getParam} and a row-major copy), never the raw buffer, so no
 * transpose is involved and the round trip is bit-exact; see {@link dev.jmlbench.adapters.dl4j.Dl4jParameterMapping}.
 *
 * <p>Threads: nd4j's thread settings are process-wide (OpenBLAS, libnd4j's pool) or per native thread (OpenMP);
 * see {@link dev.jmlbench.adapters.dl4j.Nd4jThreads} for what the thread budget changes and what it cannot.
 */
package dev.jmlbench.adapters.dl4j;
