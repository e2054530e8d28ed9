package dev.jmlbench.reference.nn;

import java.util.List;

/**
 * The vanilla recurrent layer {@code h_t = tanh(x_t W_ih + h_{t-1} W_hh + b)} from {@code h_0 = 0}, weights
 * [F, u], [u, u], bias [u].
 *
 * <p>Backward through time, with {@code dh_t} the output gradient of step t plus what step t+1 sends back:
 * {@code dz_t = dh_t (1 - h_t^2)}, {@code dh_{t-1} += dz_t W_hh^T}, {@code dW_ih = sum x_t^T dz_t},
 * {@code dW_hh = sum h_{t-1}^T dz_t}, {@code db = sum dz_t}, {@code dx_t = dz_t W_ih^T}.
 */
public final class SimpleRnnLayer extends RecurrentLayer {
    private final Param bias;

    /**
     * @param name            the layer's name in errors
     * @param inputShape      [timesteps, features]
     * @param units           hidden size
     * @param returnSequences output every step (true) or the last state (false)
     */
    public SimpleRnnLayer(String name, List<Integer> inputShape, int units, boolean returnSequences) {
        super(name, inputShape, units, returnSequences, 1);
        this.bias = new Param("bias", units);
    }

    @Override
    public List<Param> params() {
        return List.of(weightIh, weightHh, bias);
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        input = x;
        hidden = inputProjection(x, batch);
        for (int t = 0; t < timesteps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    hidden[row + j] += bias.value[j];
                }
            }
            if (t > 0) {
                addRecurrentProjection(hidden, t, batch, true);
            }
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    hidden[row + j] = (float) Math.tanh(hidden[row + j]);
                }
            }
        }
        return output(batch);
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        float[] dhOut = hiddenGradient(gradOutput);
        float[] dz = new float[hidden.length];
        float[] dhNext = new float[batch * units];
        for (int t = timesteps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    float h = hidden[row + j];
                    dz[row + j] = (dhOut[row + j] + dhNext[b * units + j]) * (1 - h * h);
                }
            }
            if (t > 0) {
                recurrentInputGradient(dz, t, dhNext, false);
            }
        }
        columnSums(dz, bias.grad);
        return weightGradients(dz, dz);
    }
}
