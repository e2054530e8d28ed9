package dev.jmlbench.adapters.djl;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.nn.recurrent.GRU;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.nn.recurrent.RNN;
import ai.djl.nn.recurrent.RecurrentBlock;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model spec translated into DJL blocks: one child block of a {@link SequentialBlock} per spec layer (so the
 * output of spec layer {@code i} is the output of child {@code i}), and the binding of every canonical parameter
 * to the DJL parameter(s) that hold it.
 *
 * <table>
 *   <caption>Layer translation and parameter mapping</caption>
 *   <tr><th>spec layer</th><th>DJL block</th><th>canonical parameter: where DJL holds it</th></tr>
 *   <tr><td>Dense</td><td>{@code Linear}, then the activation block</td><td>weight [in, out] is held as
 *       {@code weight} [out, in] (transposed); bias is held as {@code bias}</td></tr>
 *   <tr><td>Conv2D</td><td>{@code Conv2d} (NCHW, square kernel, stride, zero padding), then the activation
 *       </td><td>weight [out, in, k, k] and bias: same layout, copied</td></tr>
 *   <tr><td>Conv1D</td><td>{@link DjlBlocks.SequenceConv1d}: the batch-first sequence {@code [batch, steps,
 *       channels]} transposed to NCW, PyTorch's {@code conv1d} (no padding), transposed back to
 *       {@code [batch, steps', filters]}; then the activation</td><td>weight [out, in, k] (PyTorch's Conv1d layout)
 *       and bias: same layout, copied</td></tr>
 *   <tr><td>MaxPool2D / AvgPool2D</td><td>{@code Pool.maxPool2dBlock} / {@code avgPool2dBlock}, no padding,
 *       floor mode</td><td>none</td></tr>
 *   <tr><td>Flatten</td><td>{@code Blocks.batchFlattenBlock} (row-major: channels first for an image, steps first
 *       for a batch-first sequence, as the spec flattens [steps, channels])</td><td>none</td></tr>
 *   <tr><td>Dropout</td><td>{@code Dropout} (inverted; identity at inference)</td><td>none</td></tr>
 *   <tr><td>Embedding</td><td>{@link DjlBlocks.TokenEmbedding} ({@code torch::embedding})</td><td>weight
 *       [vocabulary, dimension]: same layout</td></tr>
 *   <tr><td>SimpleRNN</td><td>{@code RNN} tanh, one layer, batch first</td><td>weight_ih [in, u] is held as
 *       {@code l_0_i2h_WEIGHT} [u, in] (transposed), weight_hh likewise {@code l_0_h2h_WEIGHT}; bias is held as
 *       {@code l_0_i2h_BIAS}, with {@code l_0_h2h_BIAS} frozen at 0 (set on import, no gradient; export gives
 *       their sum)</td></tr>
 *   <tr><td>LSTM</td><td>{@code LSTM}, one layer, batch first</td><td>as SimpleRNN with 4u columns; PyTorch's gate
 *       order i, f, g, o is the canonical order, so gate blocks map one to one</td></tr>
 *   <tr><td>GRU</td><td>{@code GRU}, one layer, batch first</td><td>as LSTM with 3u columns (r, z, n), and
 *       bias_ih is held as {@code l_0_i2h_BIAS}, bias_hh is held as {@code l_0_h2h_BIAS} exactly</td></tr>
 * </table>
 * A recurrent layer without {@code returnSequences} is followed by {@link DjlBlocks.LastTimeStep}. The output
 * layer of a classifier (Dense with softmax) emits logits: softmax is applied by the caller and inside the loss.
 * The output layer of a regression network applies its own activation (usually the identity) and emits the
 * prediction.
 *
 * <p>DJL's recurrent blocks (0.36) create their parameters in PyTorch's flat-weights order (weight_ih,
 * weight_hh, bias_ih, bias_hh) and call {@code torch::rnn_tanh}, {@code torch::lstm} and {@code torch::gru} with
 * them, in batch-first layout.
 */
final class DjlNetwork {

    /** How a canonical tensor is held by DJL parameters. */
    enum Mapping {
        /** Same shape and order: copied. */
        COPY,
        /** Canonical {@code [rows, cols]}, DJL {@code [cols, rows]}: transposed element by element. */
        TRANSPOSE,
        /** One canonical bias held as PyTorch's two biases: imported as (bias, 0), exported as their sum. */
        SPLIT_BIAS
    }

    /**
     * One canonical parameter and where DJL keeps it.
     *
     * @param name      canonical name
     * @param shape     canonical shape
     * @param mapping   how the values map
     * @param parameter the DJL parameter (for {@link Mapping#SPLIT_BIAS}: {@code bias_ih})
     * @param second    for {@link Mapping#SPLIT_BIAS}: {@code bias_hh}; otherwise null
     */
    record Binding(String name, int[] shape, Mapping mapping, Parameter parameter, Parameter second) {
        /** The DJL shape this binding expects of {@link #parameter}. */
        long[] djlShape() {
            long[] s = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                s[i] = shape[i];
            }
            if (mapping == Mapping.TRANSPOSE) {
                return new long[] {s[1], s[0]};
            }
            return s;
        }
    }

    private final ModelSpec spec;
    private final SequentialBlock root = new SequentialBlock();
    private final List<Binding> bindings = new ArrayList<>();
    private final boolean hasDropout;

    /**
     * Translates {@code spec}; the caller has checked that the spec is supported ({@link DjlEngine#supports}).
     *
     * @param logitsOut true for a classifier (the softmax output layer emits logits), false for a regression
     *                  network (the output layer applies its activation)
     */
    DjlNetwork(ModelSpec spec, boolean logitsOut) {
        this.spec = spec;
        CanonicalLayout layout = CanonicalLayout.of(spec);
        Map<String, int[]> shapes = layout.shapes();
        int n = spec.layers().size();
        boolean dropout = false;
        for (int i = 0; i < n; i++) {
            LayerSpec layer = spec.layers().get(i);
            boolean output = i == n - 1;
            SequentialBlock block = new SequentialBlock();
            if (layer instanceof LayerSpec.Dense d) {
                Linear linear = Linear.builder().setUnits(d.units()).optBias(true).build();
                block.add(linear);
                bind(shapes, CanonicalLayout.weightName(i), Mapping.TRANSPOSE, linear, "weight");
                bind(shapes, CanonicalLayout.biasName(i), Mapping.COPY, linear, "bias");
                if (!output || !logitsOut) {
                    addActivation(block, d.activation(), i);
                }
            } else if (layer instanceof LayerSpec.Conv2D c) {
                Conv2d conv = Conv2d.builder().setFilters(c.filters())
                        .setKernelShape(new Shape(c.kernelSize(), c.kernelSize()))
                        .optStride(new Shape(c.stride(), c.stride()))
                        .optPadding(new Shape(c.padding(), c.padding()))
                        .optBias(true).build();
                block.add(conv);
                bind(shapes, CanonicalLayout.weightName(i), Mapping.COPY, conv, "weight");
                bind(shapes, CanonicalLayout.biasName(i), Mapping.COPY, conv, "bias");
                addActivation(block, c.activation(), i);
            } else if (layer instanceof LayerSpec.Conv1D c) {
                DjlBlocks.SequenceConv1d conv = new DjlBlocks.SequenceConv1d(spec.shapeBefore(i).get(1), c.filters(),
                        c.kernelSize(), c.stride());
                block.add(conv);
                String w = CanonicalLayout.weightName(i);
                String b = CanonicalLayout.biasName(i);
                bindings.add(new Binding(w, shapes.get(w), Mapping.COPY, conv.weight(), null));
                bindings.add(new Binding(b, shapes.get(b), Mapping.COPY, conv.bias(), null));
                addActivation(block, c.activation(), i);
            } else if (layer instanceof LayerSpec.MaxPool2D p) {
                block.add(Pool.maxPool2dBlock(new Shape(p.size(), p.size()), new Shape(p.stride(), p.stride()),
                        new Shape(0, 0), false));
            } else if (layer instanceof LayerSpec.AvgPool2D p) {
                block.add(Pool.avgPool2dBlock(new Shape(p.size(), p.size()), new Shape(p.stride(), p.stride()),
                        new Shape(0, 0), false, true));
            } else if (layer instanceof LayerSpec.Flatten) {
                block.add(Blocks.batchFlattenBlock());
            } else if (layer instanceof LayerSpec.Dropout d) {
                if (d.rate() > 0) {
                    block.add(Dropout.builder().optRate((float) d.rate()).build());
                    dropout = true;
                } else {
                    block.add(Blocks.identityBlock());
                }
            } else if (layer instanceof LayerSpec.Embedding e) {
                DjlBlocks.TokenEmbedding embedding = new DjlBlocks.TokenEmbedding(e.vocabularySize(), e.dimension());
                block.add(embedding);
                String name = CanonicalLayout.weightName(i);
                bindings.add(new Binding(name, shapes.get(name), Mapping.COPY, embedding.weight(), null));
            } else if (layer instanceof LayerSpec.SimpleRnn r) {
                recurrent(block, shapes, i, RNN.builder().setActivation(RNN.Activation.TANH)
                        .setStateSize(r.units()).setNumLayers(1).optBatchFirst(true).optHasBiases(true)
                        .optReturnState(false).build(), false, r.returnSequences());
            } else if (layer instanceof LayerSpec.Lstm r) {
                recurrent(block, shapes, i, LSTM.builder().setStateSize(r.units()).setNumLayers(1)
                        .optBatchFirst(true).optHasBiases(true).optReturnState(false).build(), false,
                        r.returnSequences());
            } else if (layer instanceof LayerSpec.Gru r) {
                recurrent(block, shapes, i, GRU.builder().setStateSize(r.units()).setNumLayers(1)
                        .optBatchFirst(true).optHasBiases(true).optReturnState(false).build(), true,
                        r.returnSequences());
            } else {
                throw new IllegalArgumentException("layer " + i + " (" + layer + ") has no DJL translation");
            }
            root.add(block);
        }
        this.hasDropout = dropout;
    }

    private void recurrent(SequentialBlock block, Map<String, int[]> shapes, int i, RecurrentBlock rnn,
                           boolean twoBiases, boolean returnSequences) {
        block.add(rnn);
        bind(shapes, CanonicalLayout.name(i, "weight_ih"), Mapping.TRANSPOSE, rnn, "l_0_i2h_WEIGHT");
        bind(shapes, CanonicalLayout.name(i, "weight_hh"), Mapping.TRANSPOSE, rnn, "l_0_h2h_WEIGHT");
        if (twoBiases) {
            bind(shapes, CanonicalLayout.name(i, "bias_ih"), Mapping.COPY, rnn, "l_0_i2h_BIAS");
            bind(shapes, CanonicalLayout.name(i, "bias_hh"), Mapping.COPY, rnn, "l_0_h2h_BIAS");
        } else {
            String name = CanonicalLayout.biasName(i);
            bindings.add(new Binding(name, shapes.get(name), Mapping.SPLIT_BIAS, parameter(rnn, "l_0_i2h_BIAS"),
                    parameter(rnn, "l_0_h2h_BIAS")));
        }
        if (!returnSequences) {
            block.add(new DjlBlocks.LastTimeStep());
        }
    }

    private void bind(Map<String, int[]> shapes, String name, Mapping mapping, Block block, String djlName) {
        int[] shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("canonical layout has no parameter " + name);
        }
        bindings.add(new Binding(name, shape, mapping, parameter(block, djlName), null));
    }

    private static Parameter parameter(Block block, String djlName) {
        Parameter p = block.getDirectParameters().get(djlName);
        if (p == null) {
            throw new IllegalStateException("DJL block " + block + " has no parameter " + djlName + "; it has "
                    + block.getDirectParameters().keys());
        }
        return p;
    }

    private static void addActivation(SequentialBlock block, Activation activation, int layer) {
        switch (activation) {
            case IDENTITY -> { }
            case RELU -> block.add(ai.djl.nn.Activation.reluBlock());
            case TANH -> block.add(ai.djl.nn.Activation.tanhBlock());
            case SIGMOID -> block.add(ai.djl.nn.Activation.sigmoidBlock());
            case SOFTMAX -> throw new IllegalArgumentException("layer " + layer + ": softmax is supported as the"
                    + " output activation only");
        }
    }

    /** The whole network; its output is the logits of a classifier's output layer, a regression's prediction. */
    SequentialBlock block() {
        return root;
    }

    /** The block of spec layer {@code index}. */
    Block layer(int index) {
        return root.getChildren().get(index).getValue();
    }

    /** The canonical parameters and where DJL holds them, in layout order. */
    List<Binding> bindings() {
        return bindings;
    }

    /** Whether a Dropout layer with a rate above zero is present (training then draws random masks). */
    boolean hasDropout() {
        return hasDropout;
    }

    /**
     * Every DJL parameter that training updates: all but the {@code bias_hh} of a {@link Mapping#SPLIT_BIAS}
     * binding, which {@link #freezeSecondBiases()} keeps at zero.
     */
    List<Parameter> trainableParameters() {
        List<Parameter> all = new ArrayList<>();
        for (Binding b : bindings) {
            all.add(b.parameter());
        }
        return all;
    }

    /**
     * Freezes PyTorch's {@code bias_hh} where the spec has one bias (SimpleRNN, LSTM): it stays zero and gets no
     * gradient. Trained, both PyTorch biases would receive the same gradient and their sum (the canonical bias)
     * would move twice as far as the spec's single bias does. Call after initialisation.
     */
    void freezeSecondBiases() {
        for (Binding b : bindings) {
            if (b.mapping() == Mapping.SPLIT_BIAS) {
                b.second().freeze(true);
            }
        }
    }

    /**
     * Checks, after initialisation, that every DJL parameter has the shape the mapping expects, so that a
     * change in DJL's parameter layout fails loudly instead of scrambling values.
     */
    void checkShapes() {
        for (Binding b : bindings) {
            requireShape(b, b.parameter(), b.djlShape());
            if (b.second() != null) {
                requireShape(b, b.second(), b.djlShape());
            }
        }
    }

    private static void requireShape(Binding b, Parameter p, long[] expected) {
        Shape actual = p.getArray().getShape();
        if (!actual.equals(new Shape(expected))) {
            throw new IllegalStateException("DJL parameter " + p.getName() + " (canonical " + b.name() + " "
                    + Arrays.toString(b.shape()) + ", mapping " + b.mapping() + ") has shape " + actual
                    + ", expected " + new Shape(expected));
        }
    }

    /** Writes canonical parameters (already checked against the layout) into the DJL parameters. */
    void importParameters(Parameters parameters) {
        for (Binding b : bindings) {
            Tensor t = parameters.get(b.name());
            float[] values = t.data();
            switch (b.mapping()) {
                case COPY -> b.parameter().getArray().set(values);
                case TRANSPOSE -> b.parameter().getArray().set(transpose(values, b.shape()[0], b.shape()[1]));
                case SPLIT_BIAS -> {
                    b.parameter().getArray().set(values);
                    b.second().getArray().set(new float[values.length]);
                }
            }
        }
    }

    /** Reads the DJL parameters back in the canonical layout. */
    Parameters exportParameters() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Binding b : bindings) {
            float[] djl = b.parameter().getArray().toFloatArray();
            float[] canonical = switch (b.mapping()) {
                case COPY -> djl;
                // DJL holds [cols, rows]: transposing back with the shapes swapped
                case TRANSPOSE -> transpose(djl, b.shape()[1], b.shape()[0]);
                case SPLIT_BIAS -> {
                    float[] hh = b.second().getArray().toFloatArray();
                    for (int k = 0; k < djl.length; k++) {
                        djl[k] += hh[k];
                    }
                    yield djl;
                }
            };
            tensors.put(b.name(), new Tensor(b.shape(), canonical));
        }
        return new Parameters(tensors);
    }

    /** Row-major {@code [rows, cols]} to row-major {@code [cols, rows]}. */
    static float[] transpose(float[] values, int rows, int cols) {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }

    /** The model spec this network translates. */
    ModelSpec spec() {
        return spec;
    }
}
