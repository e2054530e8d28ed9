package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

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
    /** Pre-activation gradients [batch, T, u]; reused. */
    private float[] dz = new float[0];
    /** What step t sends back to step t - 1 [batch, u]; reused. */
    private float[] dhNext = new float[0];

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
        hidden = capacity(hidden, batch * timesteps * units);
        inputProjection(x, batch, bias.value, hidden);
        for (int t = 0; t < timesteps; t++) {
            if (t > 0) {
                addRecurrentProjection(hidden, t, batch, true);
            }
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * units;
                Gemm.tanh(hidden, row, hidden, row, units);
            }
        }
        return output(batch);
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        int rows = batch * timesteps;
        float[] dhOut = hiddenGradient(gradOutput);
        prepareBackward();
        dz = capacity(dz, rows * units);
        dhNext = capacity(dhNext, batch * units);
        java.util.Arrays.fill(dhNext, 0, batch * units, 0f);
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
        columnSums(dz, rows, bias.grad);
        return weightGradients(dz, dz);
    }
}
