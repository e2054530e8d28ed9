package dev.jmlbench.adapters.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.jmlbench.core.task.OptimizerSpec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipe's optimiser, applied to DJL parameters with NDArray operations exactly as {@link OptimizerSpec}
 * writes it, then the parameter's gradient is zeroed (PyTorch accumulates gradients).
 *
 * <p>Why not DJL's optimisers: DJL's {@code Adam} (0.36) folds the bias corrections into the learning rate
 * ({@code lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t)}, then {@code w -= lr_t * m / (sqrt(v) + eps)} in its native
 * {@code adam_update}), which scales epsilon by {@code sqrt(1 - b2^t)} and so differs from the spec's
 * {@code w -= lr * m_hat / (sqrt(v_hat) + eps)} by more than rounding in the first steps; DJL's {@code Sgd}
 * with momentum runs the same kind of native kernel, whose momentum form is not documented. Writing the update
 * out keeps every engine on the same formula. The state (velocity, moments, step count) starts from zero at
 * {@link #reset()}, which the model calls at the start of every {@code train}.
 *
 * <p>Updates run outside the gradient collector (PyTorch's grad mode is off there), so the in-place changes to
 * the parameters are not recorded. Every temporary array is closed before the update returns.
 */
final class DjlOptimizer {
    private final OptimizerSpec spec;
    private final NDManager stateManager;
    private final Map<Parameter, NDArray> first = new HashMap<>();
    private final Map<Parameter, NDArray> second = new HashMap<>();
    private long step;

    /**
     * @param spec    the recipe's optimiser
     * @param manager the model's manager; state arrays live in a sub-manager of it
     */
    DjlOptimizer(OptimizerSpec spec, NDManager manager) {
        this.spec = spec;
        this.stateManager = manager.newSubManager();
    }

    /** Forgets all state: velocity and moments zero, step count zero. */
    void reset() {
        first.values().forEach(NDArray::close);
        second.values().forEach(NDArray::close);
        first.clear();
        second.clear();
        step = 0;
    }

    /** One update of every parameter from its gradient, then the gradients are zeroed. */
    void step(List<Parameter> parameters) {
        step++;
        for (Parameter p : parameters) {
            NDArray w = p.getArray();
            try (NDArray g = w.getGradient()) {
                update(p, w, g);
            }
            JniUtils.zeroGrad((PtNDArray) w);
        }
    }

    private void update(Parameter p, NDArray w, NDArray g) {
        if (spec instanceof OptimizerSpec.Sgd sgd) {
            // w -= lr * g
            try (NDArray delta = g.mul((float) sgd.learningRate())) {
                w.subi(delta);
            }
        } else if (spec instanceof OptimizerSpec.Momentum m) {
            // v = momentum * v + g; w -= lr * v
            NDArray v = state(first, p, w);
            v.muli((float) m.momentum()).addi(g);
            try (NDArray delta = v.mul((float) m.learningRate())) {
                w.subi(delta);
            }
        } else if (spec instanceof OptimizerSpec.Adam a) {
            // m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
            // w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
            NDArray m = state(first, p, w);
            NDArray v = state(second, p, w);
            try (NDArray g1 = g.mul((float) (1 - a.beta1()))) {
                m.muli((float) a.beta1()).addi(g1);
            }
            try (NDArray g2 = g.square()) {
                g2.muli((float) (1 - a.beta2()));
                v.muli((float) a.beta2()).addi(g2);
            }
            float correction1 = (float) (1 - Math.pow(a.beta1(), step));
            float correction2 = (float) (1 - Math.pow(a.beta2(), step));
            try (NDArray mHat = m.div(correction1);
                 NDArray vHat = v.div(correction2);
                 NDArray denominator = vHat.sqrt()) {
                denominator.addi((float) a.epsilon());
                mHat.divi(denominator).muli((float) a.learningRate());
                w.subi(mHat);
            }
        } else {
            throw new IllegalStateException("no update for optimizer " + spec);
        }
    }

    private NDArray state(Map<Parameter, NDArray> states, Parameter p, NDArray like) {
        return states.computeIfAbsent(p, k -> stateManager.zeros(like.getShape(), like.getDataType()));
    }

    /** Frees the state arrays. */
    void close() {
        reset();
        stateManager.close();
    }
}
