package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Canonical parameters to and from a DL4J {@link MultiLayerNetwork} of Dense layers.
 *
 * <p>DL4J names the parameters of layer {@code i} {@code "<i>_W"} and {@code "<i>_b"}. {@code W} has the logical
 * shape [nIn, nOut], like the canonical weight ({@code y = x W + b}), so it is not transposed; but it is a
 * column-major ('f') view into the network's flat parameter vector, so the raw buffer is NOT in canonical order
 * (a [4, 3] weight with rows (1 2 3), (4 5 6), ... is stored 1 4 7 10 2 5 ...). Both directions therefore go
 * through logical indices: import assigns a row-major ('c') array to the view ({@code setParam}), export copies
 * the view into a fresh row-major array. The bias is [nOut] in both. Values are float32 both sides and are
 * copied, never computed, so a round trip is bit-exact.
 */
final class Dl4jParameterMapping {
    private Dl4jParameterMapping() {
    }

    /** DL4J's key of the weight of layer {@code index}. */
    static String weightKey(int index) {
        return index + "_" + DefaultParamInitializer.WEIGHT_KEY;
    }

    /** DL4J's key of the bias of layer {@code index}. */
    static String biasKey(int index) {
        return index + "_" + DefaultParamInitializer.BIAS_KEY;
    }

    /**
     * Copies {@code parameters} into {@code net}.
     *
     * @throws IllegalArgumentException when the parameters do not have the canonical layout of {@code model},
     *                                  with the standard message naming the first bad parameter
     */
    static void importInto(MultiLayerNetwork net, ModelSpec model, Parameters parameters) {
        parameters.requireLayout(CanonicalLayout.of(model));
        for (int i = 0; i < model.layers().size(); i++) {
            if (model.layers().get(i) instanceof LayerSpec.Dense) {
                copyIn(net, weightKey(i), parameters.get(CanonicalLayout.weightName(i)));
                copyIn(net, biasKey(i), parameters.get(CanonicalLayout.biasName(i)));
            }
        }
    }

    /** The parameters of {@code net} in the canonical layout of {@code model}. */
    static Parameters exportFrom(MultiLayerNetwork net, ModelSpec model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < model.layers().size(); i++) {
            if (model.layers().get(i) instanceof LayerSpec.Dense dense) {
                int in = model.inputSizeOf(i);
                tensors.put(CanonicalLayout.weightName(i),
                        new Tensor(new int[] {in, dense.units()}, rowMajor(net.getParam(weightKey(i)))));
                tensors.put(CanonicalLayout.biasName(i),
                        new Tensor(new int[] {dense.units()}, rowMajor(net.getParam(biasKey(i)))));
            }
        }
        return new Parameters(tensors);
    }

    private static void copyIn(MultiLayerNetwork net, String key, Tensor tensor) {
        INDArray target = net.getParam(key);
        if (target.length() != tensor.size()) {
            throw new IllegalStateException("DL4J parameter " + key + " has shape " + Arrays.toString(target.shape())
                    + " but the canonical tensor has shape " + Arrays.toString(tensor.shape()));
        }
        if (target.rank() == 2 && !Arrays.equals(target.shape(), toLong(tensor.shape()))) {
            // a [nOut, nIn] weight would need a transpose: refuse rather than scramble
            throw new IllegalStateException("DL4J parameter " + key + " has shape " + Arrays.toString(target.shape())
                    + ", expected the canonical " + Arrays.toString(tensor.shape()));
        }
        // Row-major source in DL4J's logical shape; setParam assigns element by logical index into the f-order view.
        try (INDArray source = Nd4j.create(tensor.data(), target.shape(), 'c')) {
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

    private static long[] toLong(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            s[i] = shape[i];
        }
        return s;
    }
}
