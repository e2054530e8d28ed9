package dev.jmlbench.conformance;

import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The forward pass of any {@link ModelSpec} computed in float64 with plain loops, straight from the formulas of
 * {@link LayerSpec} and the parameter layouts of {@link CanonicalLayout}: it shares no code with any engine (the
 * reference engine included), so a mistake in an engine, or one shared by every engine, shows as a difference to it.
 *
 * <p>Every value of a layer's output is returned flattened row-major in the layer's canonical output shape (as
 * {@link Model#layerOutput} defines it): images {@code [channels, height, width]}, sequences
 * {@code [timesteps, features]}, vectors {@code [size]}. Inputs and parameters are float32 widened exactly to
 * double; nothing is rounded to float32 on the way.
 *
 * <p>Formulas (b: bias, W: weight, u: hidden size, {@code σ} the logistic function):
 * <ul>
 *   <li>Dense: {@code y[o] = act(b[o] + sum_i x[i] W[i, o])}, W {@code [in, out]}; softmax {@code exp(z - max) / sum}
 *   over the row;</li>
 *   <li>Conv2D: {@code y[f, r, c] = act(b[f] + sum_ch sum_i sum_j x[ch, r s + i - p, c s + j - p] W[f, ch, i, j])},
 *   zero outside the image;</li>
 *   <li>MaxPool2D / AvgPool2D: max / mean of {@code x[ch, r s + i, c s + j]} over the window, no padding;</li>
 *   <li>Conv1D: {@code y[t, f] = act(b[f] + sum_ch sum_j x[t s + j, ch] W[f, ch, j])};</li>
 *   <li>Flatten: the same values; Dropout: the identity (inference);</li>
 *   <li>Embedding: {@code y[t, d] = E[token_t, d]};</li>
 *   <li>SimpleRNN: {@code h_t = tanh(x_t W_ih + h_{t-1} W_hh + b)};</li>
 *   <li>LSTM, gate blocks i, f, g, o: {@code c_t = σ(f) c_{t-1} + σ(i) tanh(g)}, {@code h_t = σ(o) tanh(c_t)};</li>
 *   <li>GRU, gate blocks r, z, n: {@code r = σ(x W_r + b_ir + h U_r + b_hr)}, z likewise,
 *   {@code n = tanh(x W_n + b_in + r (h U_n + b_hn))}, {@code h_t = (1 - z) n + z h_{t-1}};</li>
 * </ul>
 * recurrent layers start from zero state and return the last {@code h} or every step's.
 *
 * <p><b>Tolerance</b> ({@link #compare}): a float32 engine's output of layer {@code i} passes when
 * {@code max |x - x64| <= allowance_i * max(1, max |x64|)}, the maximum taken over the layer's whole output for the
 * batch (relative to the layer's output scale, absolute below 1), with {@code allowance_i} the sum of the
 * per-layer-type tiers of {@link Tolerances} over layers {@code 0..i} ({@link Tolerances#forwardAllowance}). The tiers
 * were set for float32 engine against float32 engine, where both sides round; against exact float64 only the engine
 * rounds, so its difference is at most about half the engine-to-engine bound, and the same tiers hold with room. They
 * are still four orders of magnitude below what a transposed weight, a swapped gate, a dropped bias or a wrong
 * window changes (tenths), so a real mistake cannot pass.
 */
public final class Float64Oracle {
    private final ModelSpec model;
    private final List<List<Integer>> shapes;

    /** The oracle of {@code model} (every layer kind of the spec language is computed). */
    public Float64Oracle(ModelSpec model) {
        this.model = model;
        this.shapes = model.shapes();
    }

    /** The model this oracle computes. */
    public ModelSpec model() {
        return model;
    }

    /** Every layer's output for one example, in layer order; the last is the model output. */
    public double[][] layerOutputs(Parameters p, float[] row) {
        if (row.length != model.inputSize()) {
            throw new IllegalArgumentException("input row has " + row.length + " values, the model expects "
                    + model.inputSize());
        }
        double[] x = new double[row.length];
        for (int i = 0; i < row.length; i++) {
            x[i] = row[i];
        }
        double[][] out = new double[model.layers().size()][];
        for (int i = 0; i < out.length; i++) {
            x = layer(i, p, x);
            out[i] = x;
        }
        return out;
    }

    /** The model output (class probabilities for a softmax classifier) for one example. */
    public double[] output(Parameters p, float[] row) {
        double[][] all = layerOutputs(p, row);
        return all[all.length - 1];
    }

    /** Layer {@code index}'s output for input {@code x} (flattened in the layer's input shape). */
    public double[] layer(int index, Parameters p, double[] x) {
        LayerSpec layer = model.layers().get(index);
        List<Integer> in = shapes.get(index);
        if (layer instanceof LayerSpec.Dense d) {
            return dense(x, p.get(CanonicalLayout.name(index, "weight")), p.get(CanonicalLayout.name(index, "bias")),
                    d.units(), d.activation());
        }
        if (layer instanceof LayerSpec.Conv2D c) {
            return conv2d(x, in.get(0), in.get(1), in.get(2), p.get(CanonicalLayout.name(index, "weight")),
                    p.get(CanonicalLayout.name(index, "bias")), c);
        }
        if (layer instanceof LayerSpec.MaxPool2D m) {
            return pool(x, in.get(0), in.get(1), in.get(2), m.size(), m.stride(), true);
        }
        if (layer instanceof LayerSpec.AvgPool2D a) {
            return pool(x, in.get(0), in.get(1), in.get(2), a.size(), a.stride(), false);
        }
        if (layer instanceof LayerSpec.Conv1D c) {
            double[] z = conv1dPre(x, in.get(0), in.get(1), p.get(CanonicalLayout.name(index, "weight")),
                    p.get(CanonicalLayout.name(index, "bias")), c.filters(), c.kernelSize(), c.stride());
            for (int i = 0; i < z.length; i++) {
                z[i] = activate(c.activation(), z[i]);
            }
            return z;
        }
        if (layer instanceof LayerSpec.Flatten || layer instanceof LayerSpec.Dropout) {
            return x.clone();
        }
        if (layer instanceof LayerSpec.Embedding e) {
            return embedding(x, p.get(CanonicalLayout.name(index, "weight")), e.vocabularySize(), e.dimension());
        }
        if (layer instanceof LayerSpec.SimpleRnn r) {
            return simpleRnn(x, in.get(0), in.get(1), r.units(), r.returnSequences(),
                    p.get(CanonicalLayout.name(index, "weight_ih")), p.get(CanonicalLayout.name(index, "weight_hh")),
                    p.get(CanonicalLayout.name(index, "bias")));
        }
        if (layer instanceof LayerSpec.Lstm r) {
            return lstm(x, in.get(0), in.get(1), r.units(), r.returnSequences(),
                    p.get(CanonicalLayout.name(index, "weight_ih")), p.get(CanonicalLayout.name(index, "weight_hh")),
                    p.get(CanonicalLayout.name(index, "bias")));
        }
        if (layer instanceof LayerSpec.Gru r) {
            return gru(x, in.get(0), in.get(1), r.units(), r.returnSequences(),
                    p.get(CanonicalLayout.name(index, "weight_ih")), p.get(CanonicalLayout.name(index, "weight_hh")),
                    p.get(CanonicalLayout.name(index, "bias_ih")), p.get(CanonicalLayout.name(index, "bias_hh")));
        }
        throw new IllegalArgumentException("the float64 oracle has no formula for layer " + layer);
    }

    /** An element-wise activation ({@code SOFTMAX} is a row operation: see {@link #softmax}). */
    public static double activate(Activation a, double z) {
        return switch (a) {
            case IDENTITY -> z;
            case RELU -> z > 0 ? z : 0;
            case TANH -> Math.tanh(z);
            case SIGMOID -> sigmoid(z);
            case SOFTMAX -> throw new IllegalArgumentException("softmax is applied to a whole row, not one value");
        };
    }

    /** {@code 1 / (1 + exp(-z))}. */
    public static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** {@code exp(z_k - max z) / sum_j exp(z_j - max z)}, in place; returns {@code z}. */
    public static double[] softmax(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return z;
    }

    /** Dense {@code act(b + x W)} with W {@code [in, out]} row-major. */
    public static double[] dense(double[] x, Tensor w, Tensor b, int units, Activation activation) {
        double[] z = new double[units];
        for (int o = 0; o < units; o++) {
            double sum = b.get(o);
            for (int i = 0; i < x.length; i++) {
                sum += x[i] * w.get(i * units + o);
            }
            z[o] = sum;
        }
        if (activation == Activation.SOFTMAX) {
            return softmax(z);
        }
        for (int o = 0; o < units; o++) {
            z[o] = activate(activation, z[o]);
        }
        return z;
    }

    /** Conv2D over {@code x [channels, height, width]}, W {@code [filters, channels, k, k]}, zero padding. */
    public static double[] conv2d(double[] x, int channels, int height, int width, Tensor w, Tensor b,
                                  LayerSpec.Conv2D c) {
        int k = c.kernelSize();
        int s = c.stride();
        int pad = c.padding();
        int oh = (height + 2 * pad - k) / s + 1;
        int ow = (width + 2 * pad - k) / s + 1;
        double[] y = new double[c.filters() * oh * ow];
        for (int f = 0; f < c.filters(); f++) {
            for (int r = 0; r < oh; r++) {
                for (int col = 0; col < ow; col++) {
                    double sum = b.get(f);
                    for (int ch = 0; ch < channels; ch++) {
                        for (int i = 0; i < k; i++) {
                            int yy = r * s + i - pad;
                            if (yy < 0 || yy >= height) {
                                continue;
                            }
                            for (int j = 0; j < k; j++) {
                                int xx = col * s + j - pad;
                                if (xx < 0 || xx >= width) {
                                    continue;
                                }
                                sum += x[(ch * height + yy) * width + xx] * w.get(((f * channels + ch) * k + i) * k + j);
                            }
                        }
                    }
                    y[(f * oh + r) * ow + col] = activate(c.activation(), sum);
                }
            }
        }
        return y;
    }

    /** Max ({@code max == true}) or average pooling of {@code x [channels, height, width]}, no padding. */
    public static double[] pool(double[] x, int channels, int height, int width, int size, int stride, boolean max) {
        int oh = (height - size) / stride + 1;
        int ow = (width - size) / stride + 1;
        double[] y = new double[channels * oh * ow];
        for (int ch = 0; ch < channels; ch++) {
            for (int r = 0; r < oh; r++) {
                for (int c = 0; c < ow; c++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int i = 0; i < size; i++) {
                        for (int j = 0; j < size; j++) {
                            double v = x[(ch * height + r * stride + i) * width + c * stride + j];
                            acc = max ? Math.max(acc, v) : acc + v;
                        }
                    }
                    y[(ch * oh + r) * ow + c] = max ? acc : acc / (size * size);
                }
            }
        }
        return y;
    }

    /**
     * Conv1D pre-activation over {@code x [steps, channels]}, W {@code [filters, channels, k]}: {@code z[t, f]},
     * flattened {@code t * filters + f}.
     */
    public static double[] conv1dPre(double[] x, int steps, int channels, Tensor w, Tensor b, int filters, int kernel,
                                     int stride) {
        int outSteps = (steps - kernel) / stride + 1;
        double[] z = new double[outSteps * filters];
        for (int t = 0; t < outSteps; t++) {
            for (int f = 0; f < filters; f++) {
                double sum = b.get(f);
                for (int ch = 0; ch < channels; ch++) {
                    for (int j = 0; j < kernel; j++) {
                        sum += x[(t * stride + j) * channels + ch] * w.get((f * channels + ch) * kernel + j);
                    }
                }
                z[t * filters + f] = sum;
            }
        }
        return z;
    }

    /** Embedding rows of {@code E [vocabulary, dimension]} for the tokens of {@code x}; a non-index is refused. */
    public static double[] embedding(double[] x, Tensor e, int vocabulary, int dimension) {
        double[] y = new double[x.length * dimension];
        for (int t = 0; t < x.length; t++) {
            double token = x[t];
            if (token != Math.rint(token) || token < 0 || token >= vocabulary) {
                throw new IllegalArgumentException("position " + t + ": token " + token
                        + " is not an integer index in [0, " + vocabulary + ")");
            }
            for (int d = 0; d < dimension; d++) {
                y[t * dimension + d] = e.get((int) token * dimension + d);
            }
        }
        return y;
    }

    /** {@code sum_i x[t, i] W[i, col]} plus {@code sum_j h[j] U[j, col]} plus {@code b[col]} ({@code b} may be null). */
    private static double gate(double[] x, int t, int in, double[] h, Tensor w, Tensor u, Tensor b, int col,
                               int width) {
        double sum = b == null ? 0 : b.get(col);
        for (int i = 0; i < in; i++) {
            sum += x[t * in + i] * w.get(i * width + col);
        }
        for (int j = 0; j < h.length; j++) {
            sum += h[j] * u.get(j * width + col);
        }
        return sum;
    }

    /** SimpleRNN over {@code x [steps, in]}. */
    public static double[] simpleRnn(double[] x, int steps, int in, int u, boolean sequences, Tensor wih, Tensor whh,
                                     Tensor b) {
        double[] h = new double[u];
        double[] seq = new double[steps * u];
        for (int t = 0; t < steps; t++) {
            double[] next = new double[u];
            for (int k = 0; k < u; k++) {
                next[k] = Math.tanh(gate(x, t, in, h, wih, whh, b, k, u));
            }
            h = next;
            System.arraycopy(h, 0, seq, t * u, u);
        }
        return sequences ? seq : h;
    }

    /** LSTM over {@code x [steps, in]}, gate blocks i, f, g, o of width {@code u}. */
    public static double[] lstm(double[] x, int steps, int in, int u, boolean sequences, Tensor wih, Tensor whh,
                                Tensor b) {
        double[] h = new double[u];
        double[] c = new double[u];
        double[] seq = new double[steps * u];
        int width = 4 * u;
        for (int t = 0; t < steps; t++) {
            double[] nh = new double[u];
            for (int k = 0; k < u; k++) {
                double i = sigmoid(gate(x, t, in, h, wih, whh, b, k, width));
                double f = sigmoid(gate(x, t, in, h, wih, whh, b, u + k, width));
                double g = Math.tanh(gate(x, t, in, h, wih, whh, b, 2 * u + k, width));
                double o = sigmoid(gate(x, t, in, h, wih, whh, b, 3 * u + k, width));
                c[k] = f * c[k] + i * g;
                nh[k] = o * Math.tanh(c[k]);
            }
            h = nh;
            System.arraycopy(h, 0, seq, t * u, u);
        }
        return sequences ? seq : h;
    }

    /** GRU over {@code x [steps, in]}, gate blocks r, z, n of width {@code u}, PyTorch's form. */
    public static double[] gru(double[] x, int steps, int in, int u, boolean sequences, Tensor wih, Tensor whh,
                               Tensor bih, Tensor bhh) {
        double[] h = new double[u];
        double[] seq = new double[steps * u];
        int width = 3 * u;
        double[] none = new double[0];
        for (int t = 0; t < steps; t++) {
            double[] nh = new double[u];
            for (int k = 0; k < u; k++) {
                // input part and hidden part kept apart: b_hn sits inside r * (h U_n + b_hn)
                double r = sigmoid(gate(x, t, in, none, wih, null, bih, k, width)
                        + gate(x, t, 0, h, null, whh, bhh, k, width));
                double z = sigmoid(gate(x, t, in, none, wih, null, bih, u + k, width)
                        + gate(x, t, 0, h, null, whh, bhh, u + k, width));
                double n = Math.tanh(gate(x, t, in, none, wih, null, bih, 2 * u + k, width)
                        + r * gate(x, t, 0, h, null, whh, bhh, 2 * u + k, width));
                nh[k] = (1 - z) * n + z * h[k];
            }
            h = nh;
            System.arraycopy(h, 0, seq, t * u, u);
        }
        return sequences ? seq : h;
    }

    /**
     * Checks {@code model} (holding {@code p}) against this oracle on {@code features}: every layer where the model
     * exposes {@link Model#layerOutput}, and the output of {@code predict}, each against its allowance relative to
     * the layer's output scale (see the class comment).
     */
    public ParityCheck.Report compare(Model engineModel, Parameters p, float[][] features) {
        double[][][] expected = new double[features.length][][];
        for (int r = 0; r < features.length; r++) {
            expected[r] = layerOutputs(p, features[r]);
        }
        int n = model.layers().size();
        List<ParityCheck.LayerParity> layers = new ArrayList<>();
        boolean layerByLayer = true;
        for (int i = 0; i < n; i++) {
            Optional<float[][]> a = engineModel.layerOutput(i, features);
            if (a.isEmpty()) {
                layerByLayer = false;
                layers.clear();
                break;
            }
            double[][] e = new double[features.length][];
            for (int r = 0; r < features.length; r++) {
                e[r] = expected[r][i];
            }
            layers.add(compare(i, model.layers().get(i).getClass().getSimpleName(), a.get(), e,
                    Tolerances.forwardAllowance(model, i)));
        }
        double[][] out = new double[features.length][];
        for (int r = 0; r < features.length; r++) {
            out[r] = expected[r][n - 1];
        }
        ParityCheck.LayerParity output = compare(-1, "output", engineModel.predict(features), out,
                Tolerances.forwardAllowance(model, n - 1));
        return new ParityCheck.Report(layers, output, layerByLayer);
    }

    /**
     * One layer (or the output, {@code layer == -1}) against float64 values: passes when
     * {@code max |a - e| <= allowance * max(1, max |e|)}; NaN never passes.
     */
    public static ParityCheck.LayerParity compare(int layer, String kind, float[][] actual, double[][] expected,
                                                  double allowance) {
        String label = layer < 0 ? "output" : "layer " + layer + " (" + kind + ")";
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(label + ": " + actual.length + " rows vs " + expected.length
                    + " rows of the float64 oracle");
        }
        double maxAbs = 0;
        double scale = 0;
        boolean nan = false;
        for (int r = 0; r < actual.length; r++) {
            if (actual[r].length != expected[r].length) {
                throw new IllegalArgumentException(label + ": row " + r + " has " + actual[r].length
                        + " values, the float64 oracle's has " + expected[r].length);
            }
            for (int j = 0; j < actual[r].length; j++) {
                double d = Math.abs(actual[r][j] - expected[r][j]);
                nan |= Double.isNaN(d);
                maxAbs = Math.max(maxAbs, d);
                scale = Math.max(scale, Math.abs(expected[r][j]));
            }
        }
        if (nan) {
            maxAbs = Double.NaN;
        }
        double maxRel = scale > 0 ? maxAbs / scale : maxAbs;
        boolean within = !nan && maxAbs <= allowance * Math.max(1, scale);
        return new ParityCheck.LayerParity(layer, kind, maxAbs, maxRel, allowance, within);
    }
}
