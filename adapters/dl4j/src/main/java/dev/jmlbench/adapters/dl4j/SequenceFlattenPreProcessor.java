package dev.jmlbench.adapters.dl4j;

import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;

/**
 * The spec's Flatten of a sequence: DL4J's NCW activation {@code [batch, channels, steps]} becomes
 * {@code [batch, steps * channels]} in the canonical row-major order of {@code [steps, channels]} (step by step, all
 * channels of a step together), which is what Flatten means for a sequence in every other engine. DL4J's own
 * {@code RnnToFeedForwardPreProcessor} folds the steps into the batch instead, and {@code CnnToFeedForwardPreProcessor}
 * would flatten channel by channel; neither is the spec's order.
 *
 * <p>Forward: permute to {@code [batch, steps, channels]}, copy c-ordered into the activations workspace, reshape
 * (a view). Backward: the inverse permutation of the gradient, copied into the activation-gradient workspace. No
 * arithmetic: values only move, so it adds no rounding.
 */
public final class SequenceFlattenPreProcessor implements InputPreProcessor {
    private static final long serialVersionUID = 1L;
    private final long steps;
    private final long channels;

    /**
     * @param steps    time steps of the sequence
     * @param channels features (channels) per step
     */
    @JsonCreator
    public SequenceFlattenPreProcessor(@JsonProperty("steps") long steps, @JsonProperty("channels") long channels) {
        if (steps < 1 || channels < 1) {
            throw new IllegalArgumentException("a sequence to flatten needs at least 1 step and 1 channel, got "
                    + steps + " steps of " + channels + " channels");
        }
        this.steps = steps;
        this.channels = channels;
    }

    /** Time steps of the flattened sequence. */
    @JsonProperty("steps")
    public long getSteps() {
        return steps;
    }

    /** Channels per step of the flattened sequence. */
    @JsonProperty("channels")
    public long getChannels() {
        return channels;
    }

    @Override
    public INDArray preProcess(INDArray input, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (input.rank() != 3 || input.size(1) != channels || input.size(2) != steps) {
            throw new IllegalStateException("sequence Flatten expects a DL4J NCW activation [batch, " + channels
                    + ", " + steps + "], got " + Arrays.toString(input.shape()));
        }
        INDArray stepsByChannels = workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 1), 'c');
        return stepsByChannels.reshape('c', input.size(0), steps * channels);
    }

    @Override
    public INDArray backprop(INDArray output, int miniBatchSize, LayerWorkspaceMgr workspaceMgr) {
        if (output.rank() != 2 || output.size(1) != steps * channels) {
            throw new IllegalStateException("sequence Flatten expects a gradient [batch, " + steps * channels
                    + "], got " + Arrays.toString(output.shape()));
        }
        INDArray ntc = output.reshape('c', output.size(0), steps, channels);
        return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, ntc.permute(0, 2, 1), 'c');
    }

    @Override
    public SequenceFlattenPreProcessor clone() {
        return new SequenceFlattenPreProcessor(steps, channels);
    }

    @Override
    public InputType getOutputType(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r) || r.getSize() != channels
                || (r.getTimeSeriesLength() > 0 && r.getTimeSeriesLength() != steps)) {
            throw new IllegalStateException("sequence Flatten of " + steps + " steps of " + channels
                    + " channels got the input type " + inputType);
        }
        return InputType.feedForward(steps * channels);
    }

    /** No masks: the adapter's sequences have a fixed length. A mask is refused rather than silently dropped. */
    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                         int minibatchSize) {
        if (maskArray != null) {
            throw new UnsupportedOperationException("sequence Flatten does not take a mask: the adapter's"
                    + " sequences have a fixed length");
        }
        return new Pair<>(null, currentMaskState);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SequenceFlattenPreProcessor p && p.steps == steps && p.channels == channels;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(steps) * 31 + Long.hashCode(channels);
    }

    @Override
    public String toString() {
        return "SequenceFlattenPreProcessor(steps=" + steps + ", channels=" + channels + ")";
    }
}
