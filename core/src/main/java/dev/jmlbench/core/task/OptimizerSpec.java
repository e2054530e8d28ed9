package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The optimiser of a training recipe and its hyper-parameters. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = OptimizerSpec.Sgd.class, name = "sgd")})
public sealed interface OptimizerSpec {

    /**
     * Plain stochastic gradient descent with a constant learning rate: {@code w -= learningRate * grad}, where
     * grad is the gradient of the loss averaged over the mini-batch. No momentum, no weight decay.
     *
     * @param learningRate step size, finite and greater than zero
     */
    record Sgd(double learningRate) implements OptimizerSpec {
        public Sgd {
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new IllegalArgumentException("SGD learning rate must be finite and > 0, got " + learningRate);
            }
        }
    }
}
