package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Output;
import org.tribuo.math.la.DenseMatrix;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates between the canonical Dense layout (weight [in, out] row-major, bias [out]) and Tribuo's linear
 * weight matrix [numLabels, numFeatures + 1]: row = Tribuo's label id, column = Tribuo's feature id, bias in the
 * last column. Which row and column belong to a canonical class and input comes from the model's own output info
 * and feature map, never from an assumed order.
 */
final class WeightMapping {
    private final int[] columnOfInput;
    private final int[] rowOfClass;
    private final int biasColumn;

    /**
     * @param columnOfInput Tribuo column of canonical input i; a permutation of {@code [0, in)}
     * @param rowOfClass    Tribuo row of canonical class j; a permutation of {@code [0, out)}
     */
    WeightMapping(int[] columnOfInput, int[] rowOfClass) {
        requirePermutation(columnOfInput, "feature");
        requirePermutation(rowOfClass, "label");
        this.columnOfInput = columnOfInput.clone();
        this.rowOfClass = rowOfClass.clone();
        this.biasColumn = columnOfInput.length;
    }

    /**
     * The mapping of a Tribuo model whose features are named {@code featureNames} and whose canonical outputs are
     * {@code outputs} (class j's label, or the one regression dimension), in canonical order.
     */
    static <T extends Output<T>> WeightMapping of(ImmutableFeatureMap featureMap, ImmutableOutputInfo<T> outputInfo,
                                                 String[] featureNames, List<T> outputs) {
        if (featureMap.size() != featureNames.length) {
            throw new IllegalStateException("Tribuo's feature map has " + featureMap.size() + " features, the task "
                    + featureNames.length);
        }
        if (outputInfo.size() != outputs.size()) {
            throw new IllegalStateException("Tribuo's output info has " + outputInfo.size() + " outputs, the task "
                    + outputs.size());
        }
        int[] columns = new int[featureNames.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = featureMap.getID(featureNames[i]);
            if (columns[i] < 0) {
                throw new IllegalStateException("feature " + featureNames[i] + " is missing from Tribuo's feature map");
            }
        }
        int[] rows = new int[outputs.size()];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = outputInfo.getID(outputs.get(j));
            if (rows[j] < 0) {
                throw new IllegalStateException("output " + outputs.get(j) + " is missing from Tribuo's output info");
            }
        }
        return new WeightMapping(columns, rows);
    }

    int inputs() {
        return columnOfInput.length;
    }

    int classes() {
        return rowOfClass.length;
    }

    /** Tribuo's matrix holding canonical weight {@code w} ([in, out] row-major) and bias {@code b} ([out]). */
    DenseMatrix toTribuo(float[] w, float[] b) {
        int in = inputs();
        int out = classes();
        if (w.length != in * out || b.length != out) {
            throw new IllegalArgumentException("expected " + in * out + " weights and " + out + " biases, got "
                    + w.length + " and " + b.length);
        }
        DenseMatrix m = new DenseMatrix(out, in + 1);
        for (int j = 0; j < out; j++) {
            int row = rowOfClass[j];
            for (int i = 0; i < in; i++) {
                m.set(row, columnOfInput[i], w[i * out + j]);
            }
            m.set(row, biasColumn, b[j]);
        }
        return m;
    }

    /** Canonical parameters of layer 0 read from Tribuo's matrix; the exact inverse of {@link #toTribuo}. */
    Parameters toCanonical(DenseMatrix m) {
        int in = inputs();
        int out = classes();
        if (m.getDimension1Size() != out || m.getDimension2Size() != in + 1) {
            throw new IllegalStateException("Tribuo's weight matrix is [" + m.getDimension1Size() + ", "
                    + m.getDimension2Size() + "], expected [" + out + ", " + (in + 1) + "] (labels x features+bias)");
        }
        float[] w = new float[in * out];
        float[] b = new float[out];
        for (int j = 0; j < out; j++) {
            int row = rowOfClass[j];
            for (int i = 0; i < in; i++) {
                w[i * out + j] = (float) m.get(row, columnOfInput[i]);
            }
            b[j] = (float) m.get(row, biasColumn);
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put(CanonicalLayout.weightName(0), new Tensor(new int[] {in, out}, w));
        tensors.put(CanonicalLayout.biasName(0), new Tensor(new int[] {out}, b));
        return new Parameters(tensors);
    }

    private static void requirePermutation(int[] ids, String what) {
        boolean[] seen = new boolean[ids.length];
        for (int id : ids) {
            if (id < 0 || id >= ids.length || seen[id]) {
                throw new IllegalStateException("Tribuo " + what + " ids " + Arrays.toString(ids)
                        + " are not a permutation of 0.." + (ids.length - 1));
            }
            seen[id] = true;
        }
    }
}
