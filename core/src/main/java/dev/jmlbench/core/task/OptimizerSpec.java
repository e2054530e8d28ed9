package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The optimiser of a training recipe and its hyper-parameters. Gradients are those of the loss averaged over
 * the mini-batch; no optimiser applies weight decay or gradient clipping.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = OptimizerSpec.Sgd.class, name = "sgd"),
        @JsonSubTypes.Type(value = OptimizerSpec.Momentum.class, name = "momentum"),
        @JsonSubTypes.Type(value = OptimizerSpec.Adam.class, name = "adam")})
public sealed interface OptimizerSpec {

    /** The step size. */
    double learningRate();

    /**
     * Plain stochastic gradient descent with a constant learning rate: {@code w -= learningRate * grad}.
     *
     * @param learningRate step size, finite and greater than zero
     */
    record Sgd(double learningRate) implements OptimizerSpec {
        public Sgd {
            checkRate(learningRate);
        }
    }

    /**
     * SGD with (heavy-ball) momentum, in PyTorch's form: {@code v = momentum * v + grad}, {@code w -= learningRate * v},
     * from {@code v = 0}.
     *
     * @param learningRate step size, finite and greater than zero
     * @param momentum     in [0, 1)
     */
    record Momentum(double learningRate, double momentum) implements OptimizerSpec {
        public Momentum {
            checkRate(learningRate);
            if (!(momentum >= 0 && momentum < 1)) {
                throw new IllegalArgumentException("momentum must lie in [0, 1), got " + momentum);
            }
        }
    }

    /**
     * Adam (Kingma and Ba 2015) with bias correction: {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
     * {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon)}.
     *
     * @param learningRate step size, finite and greater than zero
     * @param beta1        first-moment decay, in [0, 1)
     * @param beta2        second-moment decay, in [0, 1)
     * @param epsilon      added to the denominator, greater than zero
     */
    record Adam(double learningRate, double beta1, double beta2, double epsilon) implements OptimizerSpec {
        public Adam {
            checkRate(learningRate);
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("Adam betas must lie in [0, 1), got " + beta1 + ", " + beta2);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("Adam epsilon must be > 0, got " + epsilon);
            }
        }
    }

    private static void checkRate(double learningRate) {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and > 0, got " + learningRate);
        }
    }
}
