package dev.jmlbench.reference.nn;

import dev.jmlbench.core.task.OptimizerSpec;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates parameters from their gradients, exactly as {@link OptimizerSpec} documents; state (velocity, moments)
 * starts at zero and is kept per parameter. Arithmetic is float32 except where stated.
 */
public abstract class Optimizer {

    /** The optimiser of {@code spec}, with fresh state. */
    public static Optimizer of(OptimizerSpec spec) {
        if (spec instanceof OptimizerSpec.Sgd s) {
            return new Sgd((float) s.learningRate());
        } else if (spec instanceof OptimizerSpec.Momentum m) {
            return new Momentum((float) m.learningRate(), (float) m.momentum());
        } else if (spec instanceof OptimizerSpec.Adam a) {
            return new Adam(a.learningRate(), a.beta1(), a.beta2(), a.epsilon());
        }
        throw new IllegalArgumentException("unknown optimizer " + spec);
    }

    /** One update of every parameter from its current gradient. */
    public abstract void step(List<Param> params);

    /** {@code w -= lr * g}. */
    static final class Sgd extends Optimizer {
        private final float lr;

        Sgd(float lr) {
            this.lr = lr;
        }

        @Override
        public void step(List<Param> params) {
            for (Param p : params) {
                float[] w = p.value;
                float[] g = p.grad;
                for (int i = 0; i < w.length; i++) {
                    w[i] -= lr * g[i];
                }
            }
        }
    }

    /** PyTorch's heavy-ball momentum: {@code v = momentum * v + g}, {@code w -= lr * v}, from {@code v = 0}. */
    static final class Momentum extends Optimizer {
        private final float lr;
        private final float momentum;
        private final Map<Param, float[]> velocity = new IdentityHashMap<>();

        Momentum(float lr, float momentum) {
            this.lr = lr;
            this.momentum = momentum;
        }

        @Override
        public void step(List<Param> params) {
            for (Param p : params) {
                float[] v = velocity.computeIfAbsent(p, k -> new float[k.size()]);
                float[] w = p.value;
                float[] g = p.grad;
                for (int i = 0; i < w.length; i++) {
                    v[i] = momentum * v[i] + g[i];
                    w[i] -= lr * v[i];
                }
            }
        }
    }

    /**
     * Adam with bias correction: {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2} (float32),
     * {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon)} (in double, rounded once), t counting
     * steps from 1.
     */
    static final class Adam extends Optimizer {
        private final double lr;
        private final float beta1;
        private final float beta2;
        private final double epsilon;
        private final double beta1d;
        private final double beta2d;
        private final Map<Param, float[][]> moments = new IdentityHashMap<>();
        private long t;

        Adam(double lr, double beta1, double beta2, double epsilon) {
            this.lr = lr;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            this.beta1d = beta1;
            this.beta2d = beta2;
            this.epsilon = epsilon;
        }

        @Override
        public void step(List<Param> params) {
            t++;
            double c1 = 1 - Math.pow(beta1d, t);
            double c2 = 1 - Math.pow(beta2d, t);
            for (Param p : params) {
                float[][] mv = moments.computeIfAbsent(p, k -> new float[][] {new float[k.size()], new float[k.size()]});
                float[] m = mv[0];
                float[] v = mv[1];
                float[] w = p.value;
                float[] g = p.grad;
                for (int i = 0; i < w.length; i++) {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    w[i] = (float) (w[i] - lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + epsilon));
                }
            }
        }
    }
}
