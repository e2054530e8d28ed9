package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical parameters to and from a DL4J {@link MultiLayerNetwork} built by {@link Dl4jNetworkPlan}.
 *
 * <p>DL4J names the parameters of its layer {@code j} {@code "<j>_W"}, {@code "<j>_RW"} (recurrent weights) and
 * {@code "<j>_b"}; spec layer {@code i} lives in DL4J layer {@link Dl4jNetworkPlan#dl4jLayerOf(int)} (Flatten and
 * zero-rate Dropout have no DL4J layer, so the numbers drift apart). Per kind:
 * <ul>
 *   <li>Dense: {@code W} is the logical [in, out] matrix of the canonical layout; {@code b} is [1, out].</li>
 *   <li>Conv2D: {@code W} is [out, in, k, k] like the canonical weight; {@code b} is [1, out].</li>
 *   <li>Conv1D: {@code W} is [out, in, k, 1] ({@code Convolution1DLayer} keeps the 2-D convolution's 4-D weight
 *       with a kernel width of 1), but it is NOT the canonical [out, in, k] with a trailing 1: for NCW input
 *       DL4J 1.0.0-M2.1 hands the op ({@code conv1d}, weights [k, in, out]) {@code W.reshape(W.ordering(), k, in,
 *       out)} ({@code Convolution1DUtils.reshapeWeightArrayOrGradientForFormat}) - a reshape of the buffer, not a
 *       permutation - and its gradient goes through the same reshape, so the layer trains consistently in that
 *       scrambled arrangement. Import therefore writes the canonical kernel, permuted to [k, in, out], through that
 *       reshape; export reads it back the same way ({@link #conv1dToDl4j}, {@link #conv1dToCanonical}).
 *       {@code b} is [1, out].</li>
 *   <li>Embedding: {@code W} is [vocabulary, dimension]; no bias.</li>
 *   <li>SimpleRNN: {@code W} [in, u], {@code RW} [u, u], {@code b} [1, u], as canonical.</li>
 *   <li>LSTM: {@code W} [in, 4u], {@code RW} [u, 4u], {@code b} [1, 4u], but DL4J's gate blocks are ordered
 *       (g, f, o, i) - block input first, then forget, output and input gates (DL4J's {@code LSTMHelpers}) -
 *       where the canonical order is (i, f, g, o). Import moves canonical block {@code c} to DL4J block
 *       {@link #LSTM_DL4J_BLOCK_OF_CANONICAL}{@code [c]}; export moves it back.</li>
 * </ul>
 * DL4J's arrays are views into one flat parameter vector, some column-major: both directions go through logical
 * indices ({@code setParam} from a row-major array, {@code dup('c')} for export), never the raw buffer. Values are
 * float32 both sides and only copied or permuted, so a round trip is bit-exact.
 */
final class Dl4jParameterMapping {
    /** For canonical LSTM gate block i, f, g, o (0..3): the DL4J block that holds it. */
    static final int[] LSTM_DL4J_BLOCK_OF_CANONICAL = {3, 1, 0, 2};

    private Dl4jParameterMapping() {
    }

    /** DL4J's key of the weight of DL4J layer {@code index}. */
    static String weightKey(int index) {
        return index + "_W";
    }

    /** DL4J's key of the recurrent weight of DL4J layer {@code index}. */
    static String recurrentKey(int index) {
        return index + "_RW";
    }

    /** DL4J's key of the bias of DL4J layer {@code index}. */
    static String biasKey(int index) {
        return index + "_b";
    }

    /**
     * Copies {@code parameters} into {@code net}.
     *
     * @throws IllegalArgumentException when the parameters do not have the canonical layout of {@code model},
     *                                  with the standard message naming the first bad parameter
     */
    static void importInto(MultiLayerNetwork net, ModelSpec model, Dl4jNetworkPlan plan, Parameters parameters) {
        parameters.requireLayout(CanonicalLayout.of(model));
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            int j = plan.dl4jLayerOf(i);
            if (layer instanceof LayerSpec.Conv1D) {
                copyIn(net, weightKey(j), conv1dToDl4j(net.getParam(weightKey(j)),
                        parameters.get(CanonicalLayout.weightName(i))));
                copyIn(net, biasKey(j), parameters.get(CanonicalLayout.biasName(i)));
            } else if (layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.Conv2D) {
                copyIn(net, weightKey(j), parameters.get(CanonicalLayout.weightName(i)));
                copyIn(net, biasKey(j), parameters.get(CanonicalLayout.biasName(i)));
            } else if (layer instanceof LayerSpec.Embedding) {
                copyIn(net, weightKey(j), parameters.get(CanonicalLayout.weightName(i)));
            } else if (layer instanceof LayerSpec.SimpleRnn) {
                copyIn(net, weightKey(j), parameters.get(CanonicalLayout.name(i, "weight_ih")));
                copyIn(net, recurrentKey(j), parameters.get(CanonicalLayout.name(i, "weight_hh")));
                copyIn(net, biasKey(j), parameters.get(CanonicalLayout.biasName(i)));
            } else if (layer instanceof LayerSpec.Lstm lstm) {
                int u = lstm.units();
                Tensor ih = parameters.get(CanonicalLayout.name(i, "weight_ih"));
                Tensor hh = parameters.get(CanonicalLayout.name(i, "weight_hh"));
                Tensor b = parameters.get(CanonicalLayout.biasName(i));
                copyIn(net, weightKey(j), new Tensor(ih.shape(), lstmToDl4j(ih, u)));
                copyIn(net, recurrentKey(j), new Tensor(hh.shape(), lstmToDl4j(hh, u)));
                copyIn(net, biasKey(j), new Tensor(b.shape(), lstmToDl4j(b, u)));
            }
        }
    }

    /** The parameters of {@code net} in the canonical layout of {@code model}. */
    static Parameters exportFrom(MultiLayerNetwork net, ModelSpec model, Dl4jNetworkPlan plan) {
        CanonicalLayout layout = CanonicalLayout.of(model);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            int j = plan.dl4jLayerOf(i);
            if (layer instanceof LayerSpec.Conv1D) {
                put(tensors, layout, CanonicalLayout.weightName(i), conv1dToCanonical(net.getParam(weightKey(j))));
                put(tensors, layout, CanonicalLayout.biasName(i), rowMajor(net.getParam(biasKey(j))));
            } else if (layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.Conv2D) {
                put(tensors, layout, CanonicalLayout.weightName(i), rowMajor(net.getParam(weightKey(j))));
                put(tensors, layout, CanonicalLayout.biasName(i), rowMajor(net.getParam(biasKey(j))));
            } else if (layer instanceof LayerSpec.Embedding) {
                put(tensors, layout, CanonicalLayout.weightName(i), rowMajor(net.getParam(weightKey(j))));
            } else if (layer instanceof LayerSpec.SimpleRnn) {
                put(tensors, layout, CanonicalLayout.name(i, "weight_ih"), rowMajor(net.getParam(weightKey(j))));
                put(tensors, layout, CanonicalLayout.name(i, "weight_hh"), rowMajor(net.getParam(recurrentKey(j))));
                put(tensors, layout, CanonicalLayout.biasName(i), rowMajor(net.getParam(biasKey(j))));
            } else if (layer instanceof LayerSpec.Lstm lstm) {
                int u = lstm.units();
                put(tensors, layout, CanonicalLayout.name(i, "weight_ih"),
                        lstmToCanonical(rowMajor(net.getParam(weightKey(j))), u));
                put(tensors, layout, CanonicalLayout.name(i, "weight_hh"),
                        lstmToCanonical(rowMajor(net.getParam(recurrentKey(j))), u));
                put(tensors, layout, CanonicalLayout.biasName(i), lstmToCanonical(rowMajor(net.getParam(biasKey(j))), u));
            }
        }
        return new Parameters(tensors);
    }

    private static void put(Map<String, Tensor> tensors, CanonicalLayout layout, String name, float[] values) {
        tensors.put(name, new Tensor(layout.shapes().get(name), values));
    }

    /**
     * The canonical Conv1D weight {@code [out, in, k]} as the values DL4J's parameter {@code target}
     * ({@code [out, in, k, 1]}) must hold, in that logical shape, so that {@code target.reshape(target.ordering(),
     * k, in, out)} - what {@code Convolution1DLayer} passes to {@code conv1d} for NCW input - is the canonical kernel
     * permuted to {@code [k, in, out]}.
     */
    static Tensor conv1dToDl4j(INDArray target, Tensor canonical) {
        int[] s = canonical.shape();
        long[] dl4j = target.shape();
        if (dl4j.length != 4 || dl4j[0] != s[0] || dl4j[1] != s[1] || dl4j[2] != s[2] || dl4j[3] != 1) {
            throw new IllegalStateException("DL4J Conv1D weight has shape " + Arrays.toString(dl4j) + ", expected [out,"
                    + " in, k, 1] = " + Arrays.toString(new long[] {s[0], s[1], s[2], 1}));
        }
        char order = target.ordering();
        // reshape is defined on logical element order (traversed in `order`), so reshaping the [k, in, out] kernel
        // to [out, in, k, 1] and DL4J reshaping that back to [k, in, out] in the same order gives the kernel again
        try (INDArray kernel = Nd4j.create(canonical.data(), new long[] {s[0], s[1], s[2]}, 'c');
             INDArray opKernel = kernel.permute(2, 1, 0).dup(order)) {
            INDArray holder = opKernel.reshape(order, s[0], s[1], s[2], 1);
            return new Tensor(new int[] {s[0], s[1], s[2], 1}, rowMajor(holder));
        }
    }

    /** The inverse of {@link #conv1dToDl4j}: DL4J's Conv1D weight parameter to the canonical [out, in, k]. */
    static float[] conv1dToCanonical(INDArray w) {
        long[] d = w.shape();
        try (INDArray op = w.dup(w.ordering())) {
            INDArray kernel = op.reshape(w.ordering(), d[2], d[1], d[0]); // [k, in, out], as conv1d reads it
            return rowMajor(kernel.permute(2, 1, 0));
        }
    }

    /** Row-major [rows, 4u] (or [4u]) in canonical gate order to the same shape in DL4J's gate order. */
    static float[] lstmToDl4j(Tensor canonical, int units) {
        return permuteGateBlocks(canonical.data(), units, true);
    }

    /** Row-major [rows, 4u] (or [4u]) in DL4J's gate order to the canonical order. */
    static float[] lstmToCanonical(float[] dl4j, int units) {
        return permuteGateBlocks(dl4j, units, false);
    }

    private static float[] permuteGateBlocks(float[] from, int units, boolean toDl4j) {
        int width = 4 * units;
        float[] to = new float[from.length];
        for (int row = 0; row < from.length / width; row++) {
            for (int c = 0; c < 4; c++) {
                int d = LSTM_DL4J_BLOCK_OF_CANONICAL[c];
                int src = row * width + (toDl4j ? c : d) * units;
                int dst = row * width + (toDl4j ? d : c) * units;
                System.arraycopy(from, src, to, dst, units);
            }
        }
        return to;
    }

    /**
     * Assigns the row-major {@code tensor} to DL4J parameter {@code key} by logical index. DL4J's shape must be the
     * canonical one, except that biases carry a leading 1 ([1, n] for [n]) and a Conv1D weight a trailing 1
     * ([out, in, k, 1] for [out, in, k]), neither of which moves a value; anything else (a transposed weight) is
     * refused rather than scrambled.
     */
    private static void copyIn(MultiLayerNetwork net, String key, Tensor tensor) {
        INDArray target = net.getParam(key);
        if (target == null) {
            throw new IllegalStateException("the DL4J network has no parameter " + key + "; it has "
                    + net.paramTable().keySet());
        }
        long[] canonical = Arrays.stream(tensor.shape()).asLongStream().toArray();
        long[] dl4j = target.shape();
        boolean sameShape = Arrays.equals(dl4j, canonical)
                || (dl4j.length == canonical.length + 1 && dl4j[0] == 1
                && Arrays.equals(Arrays.copyOfRange(dl4j, 1, dl4j.length), canonical))
                || (dl4j.length == canonical.length + 1 && dl4j[dl4j.length - 1] == 1
                && Arrays.equals(Arrays.copyOfRange(dl4j, 0, canonical.length), canonical));
        if (!sameShape) {
            throw new IllegalStateException("DL4J parameter " + key + " has shape " + Arrays.toString(dl4j)
                    + ", expected the canonical " + Arrays.toString(canonical));
        }
        float[] values = tensor.data();
        try (INDArray source = Nd4j.create(values, target.shape(), 'c')) {
            net.setParam(key, source);
        }
    }

    /** The values of {@code a} in row-major order (logical indices, whatever its storage order). */
    static float[] rowMajor(INDArray a) {
        try (INDArray copy = a.dup('c')) {
            float[] values = copy.data().asFloat();
            if (values.length != a.length()) {
                throw new IllegalStateException("row-major copy of " + Arrays.toString(a.shape()) + " has "
                        + values.length + " values");
            }
            return values;
        }
    }
}
