package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

import java.util.List;

/**
 * What SimpleRNN, LSTM and GRU share: an input sequence {@code [T, F]} per example, a hidden state of
 * {@code units} values from {@code h_0 = 0}, an output of every step {@code [T, units]} or of the last one
 * {@code [units]}, and backpropagation through time.
 *
 * <p>Batched tensors are laid out {@code [batch, T, ...]}, so the rows of step t of every example are
 * {@code T * width} apart; the matrix products of one step pass that stride to {@link Gemm} as the leading
 * dimension instead of copying rows out. The input-side products of all steps are one product over
 * {@code batch * T} rows.
 */
abstract class RecurrentLayer extends Layer {
    /** Steps per sequence. */
    protected final int timesteps;
    /** Input features per step. */
    protected final int features;
    /** Hidden size. */
    protected final int units;
    /** Whether the output is every step's state or only the last. */
    protected final boolean returnSequences;
    /** Gate blocks per weight matrix (1, 4 or 3). */
    protected final int gates;
    /** {@code W_ih} [features, gates * units]. */
    protected final Param weightIh;
    /** {@code W_hh} [units, gates * units]. */
    protected final Param weightHh;
    /** Input of the latest forward pass [batch, T, F]. */
    protected float[] input;
    /** Hidden state of every step of the latest forward pass [batch, T, units]. */
    protected float[] hidden;

    RecurrentLayer(String name, List<Integer> inputShape, int units, boolean returnSequences, int gates) {
        super(name, inputShape, returnSequences ? List.of(inputShape.get(0), units) : List.of(units));
        this.timesteps = inputShape.get(0);
        this.features = inputShape.get(1);
        this.units = units;
        this.returnSequences = returnSequences;
        this.gates = gates;
        this.weightIh = new Param("weight_ih", features, gates * units);
        this.weightHh = new Param("weight_hh", units, gates * units);
    }

    /** {@code out[b, t] = in[b, t] W_ih} for every example and step: [batch * T, gates * units]. */
    protected float[] inputProjection(float[] in, int batch) {
        int width = gates * units;
        float[] out = new float[batch * timesteps * width];
        Gemm.multiply(false, false, batch * timesteps, width, features, in, 0, features, weightIh.value, 0, width,
                out, 0, width, false);
        return out;
    }

    /**
     * {@code target[b, t] (+)= h[b, t - 1] W_hh} for every example, where {@code target} is laid out
     * [batch, T, gates * units]; {@code t >= 1}.
     */
    protected void addRecurrentProjection(float[] target, int t, int batch, boolean accumulate) {
        int width = gates * units;
        Gemm.multiply(false, false, batch, width, units, hidden, (t - 1) * units, timesteps * units,
                weightHh.value, 0, width, target, t * width, timesteps * width, accumulate);
    }

    /** The layer's output: {@link #hidden} itself, or its last step. */
    protected float[] output(int batch) {
        if (returnSequences) {
            return hidden.clone();
        }
        float[] out = new float[batch * units];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(hidden, (b * timesteps + timesteps - 1) * units, out, b * units, units);
        }
        return out;
    }

    /** The output gradient as a gradient on every step's hidden state [batch, T, units] (zero where unused). */
    protected float[] hiddenGradient(float[] gradOutput) {
        if (returnSequences) {
            return gradOutput;
        }
        float[] dh = new float[batch * timesteps * units];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(gradOutput, b * units, dh, (b * timesteps + timesteps - 1) * units, units);
        }
        return dh;
    }

    /** {@code dh_{t-1} = dz_t W_hh^T} for step {@code t}'s gradient rows of {@code dz} [batch, T, gates * units]. */
    protected void recurrentInputGradient(float[] dz, int t, float[] dhPrev, boolean accumulate) {
        int width = gates * units;
        Gemm.multiply(false, true, batch, units, width, dz, t * width, timesteps * width, weightHh.value, 0, width,
                dhPrev, 0, units, accumulate);
    }

    /**
     * Writes the weight gradients from the pre-activation gradients: {@code dW_ih = x^T dzx} over all steps,
     * {@code dW_hh = sum over t >= 1 of h_{t-1}^T dzh_t}; returns {@code dx = dzx W_ih^T}. For SimpleRNN and
     * LSTM {@code dzx} and {@code dzh} are the same array; GRU's differ in the n block. Returns {@code null} when
     * the input gradient is not needed.
     */
    protected float[] weightGradients(float[] dzx, float[] dzh) {
        int width = gates * units;
        Gemm.multiply(true, false, features, width, batch * timesteps, input, 0, features, dzx, 0, width,
                weightIh.grad, 0, width, false);
        java.util.Arrays.fill(weightHh.grad, 0f);
        for (int t = 1; t < timesteps; t++) {
            Gemm.multiply(true, false, units, width, batch, hidden, (t - 1) * units, timesteps * units, dzh,
                    t * width, timesteps * width, weightHh.grad, 0, width, true);
        }
        if (!inputGradientNeeded) {
            return null;
        }
        float[] dx = new float[batch * timesteps * features];
        Gemm.multiply(false, true, batch * timesteps, features, width, dzx, 0, width, weightIh.value, 0, width,
                dx, 0, features, false);
        return dx;
    }

    /** {@code into[j] = sum over rows of m[row, j]}, m of shape [rows, into.length]. */
    protected static void columnSums(float[] m, float[] into) {
        java.util.Arrays.fill(into, 0f);
        int width = into.length;
        for (int off = 0; off < m.length; off += width) {
            for (int j = 0; j < width; j++) {
                into[j] += m[off + j];
            }
        }
    }
}
