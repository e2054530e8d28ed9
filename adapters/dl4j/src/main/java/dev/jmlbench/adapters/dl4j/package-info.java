/**
 * The Deeplearning4j engine adapter: runs jmlbench tasks on DL4J's {@code MultiLayerNetwork} over the
 * nd4j-native CPU backend (libnd4j + OpenBLAS, linux-x86_64), registered under the engine id {@code dl4j}.
 *
 * <p>Translation of a task ({@link dev.jmlbench.adapters.dl4j.Dl4jNetworkPlan}): Dense, Conv2D (NCHW, Truncate
 * mode), Conv1D ({@code Convolution1DLayer} on NCW sequences, Truncate mode), MaxPool2D/AvgPool2D
 * ({@code SubsamplingLayer}), Flatten (a {@code CnnToFeedForwardPreProcessor} for images; for sequences
 * {@link dev.jmlbench.adapters.dl4j.SequenceFlattenPreProcessor}, which flattens step by step as the spec does),
 * Dropout ({@code DropoutLayer}, inverted), Embedding ({@code EmbeddingSequenceLayer}, first layer only), SimpleRNN and LSTM
 * (wrapped in {@code LastTimeStep} when only the last state is returned); the final softmax Dense layer of a
 * classifier is an {@code OutputLayer} with {@code LossMCXENT}, the one-unit Dense output layer of a regression
 * network (mean squared error) an {@code OutputLayer} with {@code LossMSE}; everything float32, {@code miniBatch(true)}
 * so loss and gradient are batch means, no regularisation or gradient normalisation. Refused with the reason:
 * classic algorithms (CART, random forests, XGBoost, LIBLINEAR: DL4J runs networks only), GRU (DL4J 1.0.0-M2.1 has
 * no GRU layer), an Embedding that is not the first layer, a loss that does not match the
 * target (softmax cross-entropy for classifiers, mean squared error for regression).
 *
 * <p>Training calls an {@code EpochListener} after every epoch with the epoch's mean loss; the model can predict
 * inside the callback without changing the training result.
 *
 * <p>Optimisers: SGD is nd4j's {@code Sgd}. Momentum and Adam run as the spec states them through
 * {@link dev.jmlbench.adapters.dl4j.SpecUpdaters}, because nd4j's {@code Nesterovs} is Nesterov momentum (not heavy
 * ball) and nd4j's {@code Adam} adds epsilon before the bias correction.
 *
 * <p>Parameters ({@link dev.jmlbench.adapters.dl4j.Dl4jParameterMapping}): DL4J's logical shapes match the canonical
 * layout for Dense [in, out], Conv2D [out, in, k, k], Embedding [vocabulary, dimension] and the recurrent matrices;
 * LSTM gate blocks are reordered between the canonical (i, f, g, o) and DL4J's (g, f, o, i); the Conv1D weight
 * [out, in, k, 1] is what DL4J reshapes (not permutes) to conv1d's [k, in, out] for NCW input, so the canonical
 * [out, in, k] is permuted to [k, in, out] and written through that reshape. Import and export go
 * through logical indices, so a round trip is bit-exact.
 *
 * <p>{@code layerOutput} gives every spec layer's output for layer-by-layer parity; {@code matmul} gives nd4j's
 * gemm for roofline calibration ({@link dev.jmlbench.adapters.dl4j.Dl4jMatmul}).
 *
 * <p>Threads: nd4j's thread settings are process-wide (OpenBLAS, libnd4j's pool) or per native thread (OpenMP);
 * see {@link dev.jmlbench.adapters.dl4j.Nd4jThreads} for what the thread budget changes and what it cannot.
 */
package dev.jmlbench.adapters.dl4j;
