package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/**
 * One layer of a model spec. Shapes exclude the batch dimension: images are {@code [channels, height, width]},
 * sequences {@code [timesteps, features]}, token sequences {@code [timesteps]} (float-coded token indices),
 * vectors {@code [size]}. Each kind of layer has one canonical parameter layout, documented in
 * {@link dev.jmlbench.core.params.CanonicalLayout}. Hyper-parameters are checked when the spec is made.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense"),
        @JsonSubTypes.Type(value = LayerSpec.Conv2D.class, name = "conv2d"),
        @JsonSubTypes.Type(value = LayerSpec.Conv1D.class, name = "conv1d"),
        @JsonSubTypes.Type(value = LayerSpec.MaxPool2D.class, name = "maxpool2d"),
        @JsonSubTypes.Type(value = LayerSpec.AvgPool2D.class, name = "avgpool2d"),
        @JsonSubTypes.Type(value = LayerSpec.Flatten.class, name = "flatten"),
        @JsonSubTypes.Type(value = LayerSpec.Dropout.class, name = "dropout"),
        @JsonSubTypes.Type(value = LayerSpec.Embedding.class, name = "embedding"),
        @JsonSubTypes.Type(value = LayerSpec.SimpleRnn.class, name = "simple-rnn"),
        @JsonSubTypes.Type(value = LayerSpec.Lstm.class, name = "lstm"),
        @JsonSubTypes.Type(value = LayerSpec.Gru.class, name = "gru")})
public sealed interface LayerSpec {

    /**
     * Shape of one output example given the shape of one input example.
     *
     * @throws IllegalArgumentException naming the layer and the shape when the input does not fit
     */
    List<Integer> outputShape(List<Integer> inputShape);

    /** Whether the layer has trainable parameters. */
    default boolean hasParameters() {
        return true;
    }

    /**
     * Fully connected layer {@code y = activation(x W + b)} over a vector.
     *
     * @param units      number of outputs, at least 1
     * @param activation activation applied to {@code x W + b}
     */
    record Dense(int units, Activation activation) implements LayerSpec {
        public Dense {
            positive("Dense", "units", units);
            if (activation == null) {
                throw new IllegalArgumentException("Dense layer needs an activation (use IDENTITY for none)");
            }
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            rank(this, in, 1);
            return List.of(units);
        }
    }

    /**
     * 2-D convolution (cross-correlation, as every engine computes it) with square kernels, zero padding on every
     * side, then the activation. Output size per spatial dimension: {@code (in + 2 * padding - kernel) / stride + 1}.
     *
     * @param filters    output channels, at least 1
     * @param kernelSize kernel height and width, at least 1
     * @param stride     step, at least 1
     * @param padding    zeros added on each side, at least 0
     * @param activation activation applied to the convolution plus bias
     */
    record Conv2D(int filters, int kernelSize, int stride, int padding, Activation activation) implements LayerSpec {
        public Conv2D {
            positive("Conv2D", "filters", filters);
            positive("Conv2D", "kernel size", kernelSize);
            positive("Conv2D", "stride", stride);
            if (padding < 0) {
                throw new IllegalArgumentException("Conv2D padding must be >= 0, got " + padding);
            }
            if (activation == null || activation == Activation.SOFTMAX) {
                throw new IllegalArgumentException("Conv2D needs an element-wise activation, got " + activation);
            }
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            rank(this, in, 3);
            return List.of(filters, spatial(this, in.get(1), kernelSize, stride, padding),
                    spatial(this, in.get(2), kernelSize, stride, padding));
        }
    }

    /**
     * Max pooling over square windows, no padding.
     *
     * @param size   window height and width, at least 1
     * @param stride step, at least 1
     */
    record MaxPool2D(int size, int stride) implements LayerSpec {
        public MaxPool2D {
            positive("MaxPool2D", "size", size);
            positive("MaxPool2D", "stride", stride);
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            rank(this, in, 3);
            return List.of(in.get(0), spatial(this, in.get(1), size, stride, 0), spatial(this, in.get(2), size, stride, 0));
        }

        @Override
        public boolean hasParameters() {
            return false;
        }
    }

    /**
     * Average pooling over square windows, no padding (every window lies fully inside the input).
     *
     * @param size   window height and width, at least 1
     * @param stride step, at least 1
     */
    record AvgPool2D(int size, int stride) implements LayerSpec {
        public AvgPool2D {
            positive("AvgPool2D", "size", size);
            positive("AvgPool2D", "stride", stride);
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            rank(this, in, 3);
            return List.of(in.get(0), spatial(this, in.get(1), size, stride, 0), spatial(this, in.get(2), size, stride, 0));
        }

        @Override
        public boolean hasParameters() {
            return false;
        }
    }

    /**
     * 1-D convolution (cross-correlation) over a sequence {@code [timesteps, channels]} (the layout of an
     * Embedding's or a recurrent layer's output), no padding, then the activation:
     * {@code y[t, f] = activation(b[f] + sum_c sum_j x[t * stride + j, c] * W[f, c, j])}. Output
     * {@code [(timesteps - kernel) / stride + 1, filters]}, again steps by channels.
     *
     * @param filters    output channels, at least 1
     * @param kernelSize steps each output sees, at least 1
     * @param stride     step, at least 1
     * @param activation activation applied to the convolution plus bias
     */
    record Conv1D(int filters, int kernelSize, int stride, Activation activation) implements LayerSpec {
        public Conv1D {
            positive("Conv1D", "filters", filters);
            positive("Conv1D", "kernel size", kernelSize);
            positive("Conv1D", "stride", stride);
            if (activation == null || activation == Activation.SOFTMAX) {
                throw new IllegalArgumentException("Conv1D needs an element-wise activation (IDENTITY for none), got "
                        + activation);
            }
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            rank(this, in, 2);
            if (in.get(0) < kernelSize) {
                throw new IllegalArgumentException("Conv1D kernel of " + kernelSize + " steps does not fit a sequence"
                        + " of " + in.get(0) + " steps");
            }
            return List.of((in.get(0) - kernelSize) / stride + 1, filters);
        }
    }

    /** Flattens any shape to a vector, row-major (channels, then rows, then columns). */
    record Flatten() implements LayerSpec {
        @Override
        public List<Integer> outputShape(List<Integer> in) {
            int size = 1;
            for (int d : in) {
                size *= d;
            }
            return List.of(size);
        }

        @Override
        public boolean hasParameters() {
            return false;
        }
    }

    /**
     * Inverted dropout: in training each value is zeroed with probability {@code rate} and the rest scaled by
     * {@code 1 / (1 - rate)}; at inference it is the identity. Masks come from the recipe's seed.
     *
     * @param rate probability of dropping, in [0, 1)
     */
    record Dropout(double rate) implements LayerSpec {
        public Dropout {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("Dropout rate must lie in [0, 1), got " + rate);
            }
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            return in;
        }

        @Override
        public boolean hasParameters() {
            return false;
        }
    }

    /**
     * Token embedding: a sequence of token indices {@code [timesteps]} becomes {@code [timesteps, dimension]}.
     *
     * @param vocabularySize number of tokens, at least 1
     * @param dimension      embedding size, at least 1
     */
    record Embedding(int vocabularySize, int dimension) implements LayerSpec {
        public Embedding {
            positive("Embedding", "vocabulary size", vocabularySize);
            positive("Embedding", "dimension", dimension);
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            rank(this, in, 1);
            return List.of(in.get(0), dimension);
        }
    }

    /**
     * The vanilla recurrent layer {@code h_t = tanh(x_t W_ih + h_{t-1} W_hh + b)}, from {@code h_0 = 0}.
     *
     * @param units           hidden size, at least 1
     * @param returnSequences true: output every step {@code [timesteps, units]}; false: the last state {@code [units]}
     */
    record SimpleRnn(int units, boolean returnSequences) implements LayerSpec {
        public SimpleRnn {
            positive("SimpleRNN", "units", units);
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            return recurrentOutput(this, in, units, returnSequences);
        }
    }

    /**
     * Long short-term memory, gate order i, f, g, o: {@code i = sigmoid(x W_i + h U_i + b_i)}, {@code f}, {@code o}
     * likewise, {@code g = tanh(x W_g + h U_g + b_g)}, {@code c_t = f * c_{t-1} + i * g}, {@code h_t = o * tanh(c_t)},
     * from zero state. No peepholes, one bias per gate.
     *
     * @param units           hidden size, at least 1
     * @param returnSequences true: output every step; false: the last hidden state
     */
    record Lstm(int units, boolean returnSequences) implements LayerSpec {
        public Lstm {
            positive("LSTM", "units", units);
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            return recurrentOutput(this, in, units, returnSequences);
        }
    }

    /**
     * Gated recurrent unit in PyTorch's (and cuDNN's) form, gate order r, z, n:
     * {@code r = sigmoid(x W_r + b_ir + h U_r + b_hr)}, {@code z} likewise,
     * {@code n = tanh(x W_n + b_in + r * (h U_n + b_hn))}, {@code h_t = (1 - z) * n + z * h_{t-1}}, from zero state.
     *
     * @param units           hidden size, at least 1
     * @param returnSequences true: output every step; false: the last hidden state
     */
    record Gru(int units, boolean returnSequences) implements LayerSpec {
        public Gru {
            positive("GRU", "units", units);
        }

        @Override
        public List<Integer> outputShape(List<Integer> in) {
            return recurrentOutput(this, in, units, returnSequences);
        }
    }

    private static void positive(String layer, String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(layer + " " + what + " must be at least 1, got " + value);
        }
    }

    private static void rank(LayerSpec layer, List<Integer> in, int rank) {
        if (in.size() != rank) {
            throw new IllegalArgumentException(layer + " needs an input of rank " + rank + ", got shape " + in);
        }
    }

    private static int spatial(LayerSpec layer, int in, int kernel, int stride, int padding) {
        int out = (in + 2 * padding - kernel) / stride + 1;
        if (in + 2 * padding < kernel) {
            throw new IllegalArgumentException(layer + ": window " + kernel + " does not fit an input of size " + in
                    + " with padding " + padding);
        }
        return out;
    }

    private static List<Integer> recurrentOutput(LayerSpec layer, List<Integer> in, int units, boolean sequences) {
        rank(layer, in, 2);
        return sequences ? List.of(in.get(0), units) : List.of(units);
    }
}
