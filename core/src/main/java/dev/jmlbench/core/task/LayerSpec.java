package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One layer of a model spec. Each kind of layer has one canonical parameter layout, documented in
 * {@link dev.jmlbench.core.params.CanonicalLayout}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = LayerSpec.Dense.class, name = "dense")})
public sealed interface LayerSpec {

    /** Number of output values per example, given the number of input values. */
    int outputSize(int inputSize);

    /**
     * Fully connected layer {@code y = activation(x W + b)}.
     *
     * @param units      number of outputs, at least 1
     * @param activation activation applied to {@code x W + b}
     */
    record Dense(int units, Activation activation) implements LayerSpec {
        public Dense {
            if (units < 1) {
                throw new IllegalArgumentException("Dense layer needs at least 1 unit, got " + units);
            }
            if (activation == null) {
                throw new IllegalArgumentException("Dense layer needs an activation (use IDENTITY for none)");
            }
        }

        @Override
        public int outputSize(int inputSize) {
            return units;
        }
    }
}
