package dev.jmlbench.reference.nn;

import java.util.List;

/**
 * Gated recurrent unit in PyTorch's (and cuDNN's) form, gate order r, z, n, from zero state:
 * <pre>
 *   [xr xz xn] = x_t W_ih + b_ih,   [hr hz hn] = h_{t-1} W_hh + b_hh      (W_ih [F, 3u], W_hh [u, 3u])
 *   r = sigmoid(xr + hr), z = sigmoid(xz + hz)
 *   n = tanh(xn + r * hn)
 *   h_t = (1 - z) * n + z * h_{t-1}
 * </pre>
 * Backward through time, with {@code dh} the output gradient of step t plus what step t+1 sends back:
 * {@code dn' = dh (1 - z) (1 - n^2)}, {@code dz' = dh (h_{t-1} - n) z (1 - z)},
 * {@code dr' = dn' hn r (1 - r)}; the input side gets {@code [dr' dz' dn']}, the recurrent side
 * {@code [dr' dz' dn' r]}, and {@code dh_{t-1} = dh z + [dr' dz' dn' r] W_hh^T}.
 */
public final class GruLayer extends RecurrentLayer {
    private final Param biasIh;
    private final Param biasHh;
    /** r, z, n of every step [batch, T, 3u]. */
    private float[] gateValues;
    /** {@code h_{t-1} W_hh + b_hh} of every step [batch, T, 3u] (its n block is needed by backward). */
    private float[] recurrent;

    /**
     * @param name            the layer's name in errors
     * @param inputShape      [timesteps, features]
     * @param units           hidden size
     * @param returnSequences output every step (true) or the last state (false)
     */
    public GruLayer(String name, List<Integer> inputShape, int units, boolean returnSequences) {
        super(name, inputShape, units, returnSequences, 3);
        this.biasIh = new Param("bias_ih", 3 * units);
        this.biasHh = new Param("bias_hh", 3 * units);
    }

    @Override
    public List<Param> params() {
        return List.of(weightIh, weightHh, biasIh, biasHh);
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        input = x;
        int width = 3 * units;
        gateValues = inputProjection(x, batch);
        recurrent = new float[gateValues.length];
        hidden = new float[batch * timesteps * units];
        for (int t = 0; t < timesteps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * width;
                for (int j = 0; j < width; j++) {
                    gateValues[row + j] += biasIh.value[j];
                    recurrent[row + j] = biasHh.value[j];
                }
            }
            if (t > 0) {
                addRecurrentProjection(recurrent, t, batch, true);
            }
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    float r = ActivationLayer.sigmoid(gateValues[row + j] + recurrent[row + j]);
                    float z = ActivationLayer.sigmoid(gateValues[row + units + j] + recurrent[row + units + j]);
                    float n = (float) Math.tanh(gateValues[row + 2 * units + j] + r * recurrent[row + 2 * units + j]);
                    gateValues[row + j] = r;
                    gateValues[row + units + j] = z;
                    gateValues[row + 2 * units + j] = n;
                    float hPrev = t > 0 ? hidden[hRow - units + j] : 0f;
                    hidden[hRow + j] = (1 - z) * n + z * hPrev;
                }
            }
        }
        return output(batch);
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        int width = 3 * units;
        float[] dhOut = hiddenGradient(gradOutput);
        float[] dInput = new float[gateValues.length];
        float[] dRecurrent = new float[gateValues.length];
        float[] dhNext = new float[batch * units];
        for (int t = timesteps - 1; t >= 0; t--) {
            float[] dhPrev = new float[batch * units];
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    float r = gateValues[row + j];
                    float z = gateValues[row + units + j];
                    float n = gateValues[row + 2 * units + j];
                    float hPrev = t > 0 ? hidden[hRow - units + j] : 0f;
                    float dh = dhOut[hRow + j] + dhNext[b * units + j];
                    float dn = dh * (1 - z) * (1 - n * n);
                    float dz = dh * (hPrev - n) * z * (1 - z);
                    float dr = dn * recurrent[row + 2 * units + j] * r * (1 - r);
                    dInput[row + j] = dr;
                    dInput[row + units + j] = dz;
                    dInput[row + 2 * units + j] = dn;
                    dRecurrent[row + j] = dr;
                    dRecurrent[row + units + j] = dz;
                    dRecurrent[row + 2 * units + j] = dn * r;
                    dhPrev[b * units + j] = dh * z;
                }
            }
            if (t > 0) {
                recurrentInputGradient(dRecurrent, t, dhPrev, true);
            }
            dhNext = dhPrev;
        }
        columnSums(dInput, biasIh.grad);
        columnSums(dRecurrent, biasHh.grad);
        return weightGradients(dInput, dRecurrent);
    }
}
