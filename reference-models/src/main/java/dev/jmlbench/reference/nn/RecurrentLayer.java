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
 * {@code batch * T} rows (forward, and {@code dW_ih}, {@code dx} backward), as is {@code dW_hh}; each step makes
 * one product for all gates ({@code h_{t-1} W_hh} forward, {@code dz_t W_hh^T} backward, with {@code W_hh^T}
 * transposed once per pass), and the gate activations run on vectors ({@link Gemm#sigmoid}, {@link Gemm#tanh}).
 * Working arrays live as long as the layer and grow to the largest batch seen: nothing is allocated per step, and
 * per call only the arrays handed back.
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
    /** Hidden state of every step of the latest forward pass [batch, T, units]; grows, reused across calls. */
    protected float[] hidden = new float[0];
    /** The output gradient spread over every step, when only the last step is output; reused. */
    private float[] hiddenGrad = new float[0];
    /** {@code h_{t-1}} of every example and step [batch, T, units] (zero at t = 0), for {@code dW_hh}; reused. */
    private float[] previous = new float[0];
    /** {@code W_hh^T} [gates * units, units], refreshed by {@link #prepareBackward}. */
    private final float[] weightHhT;

    RecurrentLayer(String name, List<Integer> inputShape, int units, boolean returnSequences, int gates) {
        super(name, inputShape, returnSequences ? List.of(inputShape.get(0), units) : List.of(units));
        this.timesteps = inputShape.get(0);
        this.features = inputShape.get(1);
        this.units = units;
        this.returnSequences = returnSequences;
        this.gates = gates;
        this.weightIh = new Param("weight_ih", features, gates * units);
        this.weightHh = new Param("weight_hh", units, gates * units);
        this.weightHhT = new float[units * gates * units];
    }

    /** {@code buffer} when it holds at least {@code size} values, else a new array of that size. */
    static float[] capacity(float[] buffer, int size) {
        return buffer.length >= size ? buffer : new float[size];
    }

    /**
     * {@code target[b, t] = bias + in[b, t] W_ih} for every example and step, one product over [batch * T] rows,
     * into the first {@code batch * T * gates * units} values of {@code target}.
     */
    protected void inputProjection(float[] in, int batch, float[] bias, float[] target) {
        int width = gates * units;
        int rows = batch * timesteps;
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, target, r * width, width);
        }
        Gemm.multiply(false, false, rows, width, features, in, 0, features, weightIh.value, 0, width, target, 0,
                width, true);
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
            return java.util.Arrays.copyOf(hidden, batch * timesteps * units);
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
        hiddenGrad = capacity(hiddenGrad, batch * timesteps * units);
        float[] dh = hiddenGrad;
        java.util.Arrays.fill(dh, 0, batch * timesteps * units, 0f);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(gradOutput, b * units, dh, (b * timesteps + timesteps - 1) * units, units);
        }
        return dh;
    }

    /** Transposes {@code W_hh} once per backward pass, so that every step's product reads it as stored. */
    protected void prepareBackward() {
        int width = gates * units;
        float[] w = weightHh.value;
        for (int i = 0; i < units; i++) {
            for (int j = 0; j < width; j++) {
                weightHhT[j * units + i] = w[i * width + j];
            }
        }
    }

    /**
     * {@code dh_{t-1} (+)= dz_t W_hh^T} for step {@code t}'s gradient rows of {@code dz} [batch, T, gates * units];
     * needs {@link #prepareBackward} first.
     */
    protected void recurrentInputGradient(float[] dz, int t, float[] dhPrev, boolean accumulate) {
        int width = gates * units;
        Gemm.multiply(false, false, batch, units, width, dz, t * width, timesteps * width, weightHhT, 0, units,
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
        // dW_hh = sum over b, t of h_{t-1}^T dzh_t as one product over all [batch * T] rows, h_{-1} = 0
        int rows = batch * timesteps;
        previous = capacity(previous, rows * units);
        for (int b = 0; b < batch; b++) {
            int row = b * timesteps * units;
            java.util.Arrays.fill(previous, row, row + units, 0f);
            System.arraycopy(hidden, row, previous, row + units, (timesteps - 1) * units);
        }
        Gemm.multiply(true, false, units, width, rows, previous, 0, units, dzh, 0, width, weightHh.grad, 0, width,
                false);
        if (!inputGradientNeeded) {
            return null;
        }
        float[] dx = new float[batch * timesteps * features];
        Gemm.multiply(false, true, batch * timesteps, features, width, dzx, 0, width, weightIh.value, 0, width,
                dx, 0, features, false);
        return dx;
    }

    /** {@code into[j] = sum over the first rows of m of m[row, j]}, m of shape [at least rows, into.length]. */
    protected static void columnSums(float[] m, int rows, float[] into) {
        java.util.Arrays.fill(into, 0f);
        int width = into.length;
        for (int off = 0; off < rows * width; off += width) {
            for (int j = 0; j < width; j++) {
                into[j] += m[off + j];
            }
        }
    }
}
