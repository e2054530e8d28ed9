package dev.jmlbench.reference.nn;

import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Central finite differences against the analytic backward pass.
 *
 * <p>A layer is checked through the scalar {@code L = sum_k out_k * r_k} with fixed random weights {@code r}, so
 * that {@code dL/dout = r}: the backward pass of r must equal the numeric derivative of L with respect to every
 * input value and every parameter value. The layers compute in float32; L is summed in float64 and the step is
 * {@code h = 1e-2}, so the numeric derivative carries a rounding error of about 1e-4 and a truncation error of
 * order h^2. Tolerance: {@code |numeric - analytic| <= 1e-2 * max(|numeric|, |analytic|) + 1e-3}. Inputs are
 * chosen away from kinks (ReLU at 0, ties of a max pool) by the callers.
 */
final class GradientCheck {
    static final double H = 1e-2;
    static final double REL = 1e-2;
    static final double ABS = 1e-3;

    private GradientCheck() {
    }

    /** Random values uniform in [-1, 1). */
    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextDouble(-1, 1);
        }
        return v;
    }

    /** Fills every parameter of {@code layer} with random values in [-scale, scale). */
    static void randomParams(Layer layer, double scale, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Param p : layer.params()) {
            for (int i = 0; i < p.size(); i++) {
                p.value[i] = (float) r.nextDouble(-scale, scale);
            }
        }
    }

    /**
     * Checks the input gradient (unless {@code differentiableInput} is false) and every parameter gradient of
     * {@code layer} at input {@code x}. Returns the number of values checked.
     */
    static int checkLayer(Layer layer, float[] x, int batch, Pass pass, boolean differentiableInput) {
        float[] r = random(batch * layer.outputSize(), 99);
        layer.forward(x, batch, pass);
        float[] dx = layer.backward(r);
        int checked = 0;
        if (differentiableInput) {
            assertEquals(x.length, dx.length, layer + ": input gradient size");
            for (int i = 0; i < x.length; i++) {
                float saved = x[i];
                x[i] = (float) (saved + H);
                double plus = weightedSum(layer.forward(x, batch, pass), r);
                x[i] = (float) (saved - H);
                double minus = weightedSum(layer.forward(x, batch, pass), r);
                x[i] = saved;
                assertClose((plus - minus) / (2 * H), dx[i], layer + " input[" + i + "]");
                checked++;
            }
        }
        for (Param p : layer.params()) {
            layer.forward(x, batch, pass);
            layer.backward(r);
            float[] analytic = p.grad.clone();
            for (int i = 0; i < p.size(); i++) {
                float saved = p.value[i];
                p.value[i] = (float) (saved + H);
                double plus = weightedSum(layer.forward(x, batch, pass), r);
                p.value[i] = (float) (saved - H);
                double minus = weightedSum(layer.forward(x, batch, pass), r);
                p.value[i] = saved;
                assertClose((plus - minus) / (2 * H), analytic[i], layer + " " + p.name() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 0, "nothing was checked");
        return checked;
    }

    /** Checks every parameter gradient of a whole network against a loss computed by {@code loss}. */
    static int checkNetwork(Network net, Supplier<Double> lossAndGradients) {
        lossAndGradients.get();
        int checked = 0;
        for (var e : net.params().entrySet()) {
            Param p = e.getValue();
            lossAndGradients.get();
            float[] analytic = p.grad.clone();
            for (int i = 0; i < p.size(); i++) {
                float saved = p.value[i];
                p.value[i] = (float) (saved + H);
                double plus = lossAndGradients.get();
                p.value[i] = (float) (saved - H);
                double minus = lossAndGradients.get();
                p.value[i] = saved;
                assertClose((plus - minus) / (2 * H), analytic[i], e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        return checked;
    }

    static double weightedSum(float[] out, float[] r) {
        double s = 0;
        for (int i = 0; i < out.length; i++) {
            s += (double) out[i] * r[i];
        }
        return s;
    }

    static void assertClose(double numeric, double analytic, String what) {
        double tol = REL * Math.max(Math.abs(numeric), Math.abs(analytic)) + ABS;
        assertEquals(numeric, analytic, tol, what + ": numeric " + numeric + " vs analytic " + analytic);
    }
}
