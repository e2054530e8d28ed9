package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

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
    /** r, z, n of every step [batch, T, 3u]; reused. */
    private float[] gateValues = new float[0];
    /** {@code h_{t-1} W_hh + b_hh} of every step [batch, T, 3u] (its n block is needed by backward); reused. */
    private float[] recurrent = new float[0];
    /** Input-side and recurrent-side pre-activation gradients [batch, T, 3u]; reused. */
    private float[] dInput = new float[0];
    private float[] dRecurrent = new float[0];
    /** What step t receives from step t + 1, and what it sends to step t - 1 [batch, u]; swapped, reused. */
    private float[] dhNext = new float[0];
    private float[] dhPrev = new float[0];

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
        int rows = batch * timesteps;
        gateValues = capacity(gateValues, rows * width);
        recurrent = capacity(recurrent, rows * width);
        hidden = capacity(hidden, rows * units);
        float[] g = gateValues;
        float[] rec = recurrent;
        inputProjection(x, batch, biasIh.value, g);
        for (int t = 0; t < timesteps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(biasHh.value, 0, rec, (b * timesteps + t) * width, width);
            }
            if (t > 0) {
                addRecurrentProjection(rec, t, batch, true);
            }
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                for (int j = 0; j < 2 * units; j++) {
                    g[row + j] += rec[row + j];
                }
                Gemm.sigmoid(g, row, g, row, 2 * units); // r and z
                for (int j = 0; j < units; j++) {
                    g[row + 2 * units + j] += g[row + j] * rec[row + 2 * units + j];
                }
                Gemm.tanh(g, row + 2 * units, g, row + 2 * units, units); // n
                for (int j = 0; j < units; j++) {
                    float z = g[row + units + j];
                    float hPrev = t > 0 ? hidden[hRow - units + j] : 0f;
                    hidden[hRow + j] = (1 - z) * g[row + 2 * units + j] + z * hPrev;
                }
            }
        }
        return output(batch);
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        int width = 3 * units;
        int rows = batch * timesteps;
        float[] dhOut = hiddenGradient(gradOutput);
        prepareBackward();
        dInput = capacity(dInput, rows * width);
        dRecurrent = capacity(dRecurrent, rows * width);
        dhNext = capacity(dhNext, batch * units);
        dhPrev = capacity(dhPrev, batch * units);
        java.util.Arrays.fill(dhNext, 0, batch * units, 0f);
        float[] gv = gateValues;
        for (int t = timesteps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                int row = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    float r = gv[row + j];
                    float z = gv[row + units + j];
                    float n = gv[row + 2 * units + j];
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
            float[] swap = dhNext;
            dhNext = dhPrev;
            dhPrev = swap;
        }
        columnSums(dInput, rows, biasIh.grad);
        columnSums(dRecurrent, rows, biasHh.grad);
        return weightGradients(dInput, dRecurrent);
    }
}
