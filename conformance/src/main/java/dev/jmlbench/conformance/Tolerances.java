package dev.jmlbench.conformance;

import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

/**
 * How close an engine must come to the reference engine, in float32. Stated once, used by the kit and by the
 * harness's parity run.
 *
 * <p>Forward tiers are per layer type and scale with the size of the value: an engine's output {@code x} of a
 * layer passes when {@code |x - x_ref| <= tier * max(1, |x_ref|)}. A layer's tier covers the rounding it adds
 * itself; the differences of earlier layers travel through it, so the allowance at layer {@code i} is the sum of the
 * tiers of layers {@code 0..i} ({@link #forwardAllowance}). float32 has a unit roundoff of {@code 2^-24 = 6e-8}; a
 * dot product of {@code n} terms summed in a different order (blocked BLAS, im2col, SIMD) differs by up to about
 * {@code n * 6e-8} of the magnitude of its terms in the worst case and {@code sqrt(n) * 6e-8} typically.
 *
 * <p>The same tier sums hold each engine against the float64 formulas ({@link Float64Oracle}), there relative to the
 * largest value of the layer's output ({@code max |x - x64| <= allowance * max(1, max |x64|)}); measured: at most
 * 3e-7 on any layer of any kit architecture, for every engine.
 */
public final class Tolerances {
    private Tolerances() {
    }

    /**
     * Dense (and the softmax on it): one dot product of up to a few hundred terms per output plus the activation;
     * typical reordering error is far below 1e-6, and 1e-5 leaves room for wide layers (LeNet's 256-input layer) and
     * for engines whose exp/tanh differ from {@code Math}'s in the last bits.
     */
    public static final double DENSE_FORWARD = 1e-5;

    /** Kept for the iris checks: Dense + softmax, max absolute difference of probabilities. */
    public static final double DENSE_FORWARD_ABS = DENSE_FORWARD;

    /**
     * Conv2D: each output sums {@code channels * k * k} products (150 for LeNet's second convolution), computed by
     * im2col + GEMM in native engines and by direct loops in the reference, so the summation order always differs;
     * 2e-5 is twice the Dense tier for the longer sums.
     */
    public static final double CONV2D_FORWARD = 2e-5;

    /** Max pooling selects one of its inputs: it adds no rounding of its own. */
    public static final double MAX_POOL_FORWARD = 0.0;

    /** Average pooling adds one sum of {@code k * k} values and a division: at most a few ulps. */
    public static final double AVG_POOL_FORWARD = 1e-6;

    /** Flatten and Dropout (an identity at inference) move values without arithmetic. */
    public static final double RESHAPE_FORWARD = 0.0;

    /** An embedding copies rows of its matrix: exact in every engine. */
    public static final double EMBEDDING_FORWARD = 0.0;

    /**
     * SimpleRNN, LSTM and GRU: every step is two dot products plus tanh/sigmoid (native engines use vectorised
     * approximations that differ from {@code Math.tanh} in the last bits), and each step's difference is carried into
     * the next through the hidden (and cell) state, so the difference grows with the number of steps; the squashing
     * functions keep it bounded. 5e-5 holds for the tens of steps the kit and the catalogue use.
     */
    public static final double RECURRENT_FORWARD = 5e-5;

    /**
     * Parameters after ONE optimiser step from identical weights and batch: the step is {@code lr * g} (or Adam's
     * normalised form), so the difference is the learning rate times the gradient's forward/backward rounding, well
     * inside the forward tiers; scaled like them.
     */
    public static final double ONE_STEP_PARAMS = 2e-5;

    /**
     * Parameters after {@value #N_STEPS} steps: rounding differences feed back into the next step's gradient and add
     * up step by step, so the tier is wider.
     */
    public static final double N_STEPS_PARAMS = 2e-4;

    /** Steps of the "after N steps" check. */
    public static final int N_STEPS = 10;

    /**
     * Parameters after training from identical weights on identical batches (600 SGD steps of the iris task):
     * max absolute difference. Rounding differences (float32 vs float64 engines, summation order) accumulate
     * over steps, so this tier is wider than the forward one.
     */
    public static final double DENSE_TRAINED_PARAMS_ABS = 2e-3;

    /**
     * Input gradients ({@link dev.jmlbench.core.engine.Model#inputGradient}) against the reference engine's on
     * identical weights and batch, relative to the largest reference value: {@code max |g - g_ref| <= tier *
     * max |g_ref|}. The backward pass runs the forward's dot products transposed, step by step through time, so its
     * rounding is that of the recurrent forward tier, relative to the gradient's own scale.
     */
    public static final double INPUT_GRADIENT_VS_REFERENCE = 1e-4;

    /**
     * Input gradients against central finite differences of the loss computed from {@code predict} in float32:
     * {@code |g - fd| <= INPUT_GRADIENT_FD_ABS + INPUT_GRADIENT_FD_REL * |fd|}. With a step of
     * {@link #INPUT_GRADIENT_FD_STEP} the difference quotient's own error is the float32 rounding of the loss (about
     * {@code 1e-7 / 1e-2 = 1e-5}) plus the truncation error {@code O(h^2)} of the smooth cells (a few percent of
     * the curvature at most); a wrong factor (a sum for a mean, a missing 2), a wrong layout (time and channel
     * swapped) or a gradient that stops at the last step fails it by far more.
     */
    public static final double INPUT_GRADIENT_FD_ABS = 1e-4;
    /** Relative part of the finite-difference tier ({@link #INPUT_GRADIENT_FD_ABS}). */
    public static final double INPUT_GRADIENT_FD_REL = 2e-2;
    /** Step of the central finite differences of the input-gradient check. */
    public static final float INPUT_GRADIENT_FD_STEP = 1e-2f;

    /** Export after import must give back the very same floats. */
    public static final double EXPORT_ROUND_TRIP_ABS = 0.0;

    /** The forward tier of one layer type (see the constants for why each is what it is). */
    public static double forwardTier(LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense) {
            return DENSE_FORWARD;
        }
        if (layer instanceof LayerSpec.Conv2D || layer instanceof LayerSpec.Conv1D) {
            return CONV2D_FORWARD; // Conv1D: channels * k products per output (80 for the char-LM's), like Conv2D
        }
        if (layer instanceof LayerSpec.MaxPool2D) {
            return MAX_POOL_FORWARD;
        }
        if (layer instanceof LayerSpec.AvgPool2D) {
            return AVG_POOL_FORWARD;
        }
        if (layer instanceof LayerSpec.Flatten || layer instanceof LayerSpec.Dropout) {
            return RESHAPE_FORWARD;
        }
        if (layer instanceof LayerSpec.Embedding) {
            return EMBEDDING_FORWARD;
        }
        if (layer instanceof LayerSpec.SimpleRnn || layer instanceof LayerSpec.Lstm || layer instanceof LayerSpec.Gru) {
            return RECURRENT_FORWARD;
        }
        throw new IllegalArgumentException("no forward tolerance for layer " + layer);
    }

    /** The allowance at the output of layer {@code index}: the sum of the tiers of layers 0..index. */
    public static double forwardAllowance(ModelSpec model, int index) {
        double sum = 0;
        for (int i = 0; i <= index; i++) {
            sum += forwardTier(model.layers().get(i));
        }
        return sum;
    }

    /** Whether {@code actual} is within {@code tier} of {@code expected}: {@code |a - e| <= tier * max(1, |e|)}. */
    public static boolean within(double actual, double expected, double tier) {
        return Math.abs(actual - expected) <= tier * Math.max(1, Math.abs(expected));
    }
}
