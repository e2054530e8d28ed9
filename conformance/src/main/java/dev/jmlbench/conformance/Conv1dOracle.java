package dev.jmlbench.conformance;

import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec's formulas for {@code [Embedding] -> Conv1D -> Flatten -> Dense(SOFTMAX)} written out in plain Java,
 * float64, forward and backward, independent of every engine: {@code y[t, f] = act(b[f] + sum_c sum_j
 * x[t * stride + j, c] W[f, c, j])} on a {@code [steps, channels]} sequence, Flatten step by step, softmax
 * cross-entropy averaged over the batch. The adapters' Conv1D checks ({@link Conv1dChecks}) hold every engine to it.
 * The forward formulas are those of {@link Float64Oracle} (the oracle of every layer kind); this class adds the
 * backward pass of this one architecture.
 */
public final class Conv1dOracle {
    private final boolean embedding;
    private final int steps;
    private final int channels;
    private final int filters;
    private final int kernel;
    private final int stride;
    private final int outSteps;
    private final int classes;
    private final Activation activation;

    /** @param model {@code [Embedding(v, d)] -> Conv1D -> Flatten -> Dense(classes, SOFTMAX)} */
    public Conv1dOracle(ModelSpec model) {
        List<LayerSpec> layers = model.layers();
        this.embedding = layers.get(0) instanceof LayerSpec.Embedding;
        int c = embedding ? 1 : 0;
        LayerSpec.Conv1D conv = (LayerSpec.Conv1D) layers.get(c);
        if (!(layers.get(c + 1) instanceof LayerSpec.Flatten) || !(layers.get(c + 2) instanceof LayerSpec.Dense d)
                || d.activation() != Activation.SOFTMAX || layers.size() != c + 3) {
            throw new IllegalArgumentException("the oracle computes [Embedding] -> Conv1D -> Flatten -> Dense softmax,"
                    + " got " + layers);
        }
        List<Integer> in = model.shapeBefore(c);
        this.steps = in.get(0);
        this.channels = in.get(1);
        this.filters = conv.filters();
        this.kernel = conv.kernelSize();
        this.stride = conv.stride();
        this.outSteps = (steps - kernel) / stride + 1;
        this.classes = d.units();
        this.activation = conv.activation();
    }

    /** Index of the Conv1D layer in the model (1 after an Embedding, else 0). */
    public int convLayer() {
        return embedding ? 1 : 0;
    }

    /** The sequence {@code [steps][channels]} the Conv1D layer sees: the embedded tokens or the row itself. */
    public double[][] sequence(Parameters p, float[] row) {
        double[][] s = new double[steps][channels];
        for (int t = 0; t < steps; t++) {
            for (int ch = 0; ch < channels; ch++) {
                s[t][ch] = embedding ? p.get("layer0.weight").get((int) row[t] * channels + ch)
                        : row[t * channels + ch];
            }
        }
        return s;
    }

    /** Pre-activation {@code z[o][f]} of the Conv1D layer ({@link Float64Oracle#conv1dPre}). */
    public double[][] convPre(Parameters p, double[][] s) {
        int l = convLayer();
        double[] flat = new double[steps * channels];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(s[t], 0, flat, t * channels, channels);
        }
        double[] z = Float64Oracle.conv1dPre(flat, steps, channels, p.get("layer" + l + ".weight"),
                p.get("layer" + l + ".bias"), filters, kernel, stride);
        double[][] out = new double[outSteps][filters];
        for (int o = 0; o < outSteps; o++) {
            System.arraycopy(z, o * filters, out[o], 0, filters);
        }
        return out;
    }

    private double act(double z) {
        return Float64Oracle.activate(activation, z);
    }

    private double actGrad(double z) {
        return switch (activation) {
            case IDENTITY -> 1;
            case RELU -> z > 0 ? 1 : 0;
            case TANH -> 1 - Math.tanh(z) * Math.tanh(z);
            case SIGMOID -> act(z) * (1 - act(z));
            case SOFTMAX -> throw new IllegalStateException();
        };
    }

    /** The Conv1D layer's output flattened step by step: {@code h[o * filters + f]}. */
    public double[] convOut(Parameters p, float[] row) {
        double[][] z = convPre(p, sequence(p, row));
        double[] h = new double[outSteps * filters];
        for (int o = 0; o < outSteps; o++) {
            for (int f = 0; f < filters; f++) {
                h[o * filters + f] = act(z[o][f]);
            }
        }
        return h;
    }

    /** Class probabilities ({@link Float64Oracle#dense} with softmax on {@link #convOut}). */
    public double[] probabilities(Parameters p, float[] row) {
        int l = convLayer() + 2;
        return Float64Oracle.dense(convOut(p, row), p.get("layer" + l + ".weight"), p.get("layer" + l + ".bias"),
                classes, Activation.SOFTMAX);
    }

    /** Gradient of the batch-mean softmax cross-entropy, one array per canonical parameter (row-major). */
    public Map<String, double[]> gradient(Parameters p, float[][] rows, int[] labels) {
        Map<String, double[]> g = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : p.tensors().entrySet()) {
            g.put(e.getKey(), new double[e.getValue().size()]);
        }
        int l = convLayer();
        String convW = "layer" + l + ".weight";
        String convB = "layer" + l + ".bias";
        String denseW = "layer" + (l + 2) + ".weight";
        String denseB = "layer" + (l + 2) + ".bias";
        Tensor w1 = p.get(convW);
        Tensor w2 = p.get(denseW);
        for (int r = 0; r < rows.length; r++) {
            double[][] s = sequence(p, rows[r]);
            double[][] z = convPre(p, s);
            double[] h = convOut(p, rows[r]);
            double[] dl = probabilities(p, rows[r]);
            dl[labels[r]] -= 1;
            for (int k = 0; k < classes; k++) {
                dl[k] /= rows.length;
                g.get(denseB)[k] += dl[k];
            }
            double[] dh = new double[h.length];
            for (int i = 0; i < h.length; i++) {
                for (int k = 0; k < classes; k++) {
                    g.get(denseW)[i * classes + k] += h[i] * dl[k];
                    dh[i] += w2.get(i * classes + k) * dl[k];
                }
            }
            double[][] ds = new double[steps][channels];
            for (int o = 0; o < outSteps; o++) {
                for (int f = 0; f < filters; f++) {
                    double dz = dh[o * filters + f] * actGrad(z[o][f]);
                    g.get(convB)[f] += dz;
                    for (int ch = 0; ch < channels; ch++) {
                        for (int j = 0; j < kernel; j++) {
                            int wi = (f * channels + ch) * kernel + j;
                            g.get(convW)[wi] += dz * s[o * stride + j][ch];
                            ds[o * stride + j][ch] += dz * w1.get(wi);
                        }
                    }
                }
            }
            if (embedding) {
                for (int t = 0; t < steps; t++) {
                    for (int ch = 0; ch < channels; ch++) {
                        g.get("layer0.weight")[(int) rows[r][t] * channels + ch] += ds[t][ch];
                    }
                }
            }
        }
        return g;
    }
}
