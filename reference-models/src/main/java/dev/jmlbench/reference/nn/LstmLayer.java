package dev.jmlbench.reference.nn;

import dev.jmlbench.reference.gemm.Gemm;

import java.util.List;

/**
 * Long short-term memory, gate order i, f, g, o (PyTorch's), no peepholes, one bias per gate, from zero state:
 * <pre>
 *   [zi zf zg zo] = x_t W_ih + h_{t-1} W_hh + b          (W_ih [F, 4u], W_hh [u, 4u], b [4u])
 *   i = sigmoid(zi), f = sigmoid(zf), g = tanh(zg), o = sigmoid(zo)
 *   c_t = f * c_{t-1} + i * g
 *   h_t = o * tanh(c_t)
 * </pre>
 * Backward through time, with {@code dh} the output gradient of step t plus {@code dz_{t+1} W_hh^T} and
 * {@code dc} what step t+1 sends back through {@code c_t}: {@code dc += dh o (1 - tanh(c_t)^2)},
 * {@code do = dh tanh(c_t)}, {@code di = dc g}, {@code dg = dc i}, {@code df = dc c_{t-1}}, {@code dc_{t-1} = dc f};
 * pre-activation gradients {@code di i (1 - i)}, {@code df f (1 - f)}, {@code dg (1 - g^2)}, {@code do o (1 - o)}.
 */
public final class LstmLayer extends RecurrentLayer {
    private final Param bias;
    /** Gate activations i, f, g, o of every step [batch, T, 4u]; reused. */
    private float[] gateValues = new float[0];
    /** Cell state of every step [batch, T, u]; reused. */
    private float[] cells = new float[0];
    /** {@code tanh(c_t)} of every step [batch, T, u] (backward needs it too); reused. */
    private float[] cellTanh = new float[0];
    /** Pre-activation gradients [batch, T, 4u]; reused. */
    private float[] dz = new float[0];
    /** What step t sends back to step t - 1 through h and c [batch, u]; reused. */
    private float[] dhNext = new float[0];
    private float[] dcNext = new float[0];

    /**
     * @param name            the layer's name in errors
     * @param inputShape      [timesteps, features]
     * @param units           hidden size
     * @param returnSequences output every step (true) or the last state (false)
     */
    public LstmLayer(String name, List<Integer> inputShape, int units, boolean returnSequences) {
        super(name, inputShape, units, returnSequences, 4);
        this.bias = new Param("bias", 4 * units);
    }

    @Override
    public List<Param> params() {
        return List.of(weightIh, weightHh, bias);
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        input = x;
        int width = 4 * units;
        int rows = batch * timesteps;
        gateValues = capacity(gateValues, rows * width);
        hidden = capacity(hidden, rows * units);
        cells = capacity(cells, rows * units);
        cellTanh = capacity(cellTanh, rows * units);
        float[] z = gateValues;
        inputProjection(x, batch, bias.value, z);
        for (int t = 0; t < timesteps; t++) {
            if (t > 0) {
                addRecurrentProjection(z, t, batch, true);
            }
            for (int b = 0; b < batch; b++) {
                int zRow = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                Gemm.sigmoid(z, zRow, z, zRow, 2 * units); // i and f
                Gemm.tanh(z, zRow + 2 * units, z, zRow + 2 * units, units); // g
                Gemm.sigmoid(z, zRow + 3 * units, z, zRow + 3 * units, units); // o
                for (int j = 0; j < units; j++) {
                    float cPrev = t > 0 ? cells[hRow - units + j] : 0f;
                    cells[hRow + j] = z[zRow + units + j] * cPrev + z[zRow + j] * z[zRow + 2 * units + j];
                }
                Gemm.tanh(cells, hRow, cellTanh, hRow, units);
                for (int j = 0; j < units; j++) {
                    hidden[hRow + j] = z[zRow + 3 * units + j] * cellTanh[hRow + j];
                }
            }
        }
        return output(batch);
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        int width = 4 * units;
        int rows = batch * timesteps;
        float[] dhOut = hiddenGradient(gradOutput);
        prepareBackward();
        dz = capacity(dz, rows * width);
        dhNext = capacity(dhNext, batch * units);
        dcNext = capacity(dcNext, batch * units);
        java.util.Arrays.fill(dhNext, 0, batch * units, 0f);
        java.util.Arrays.fill(dcNext, 0, batch * units, 0f);
        float[] gv = gateValues;
        for (int t = timesteps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                int zRow = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                int sRow = b * units;
                for (int j = 0; j < units; j++) {
                    float i = gv[zRow + j];
                    float f = gv[zRow + units + j];
                    float g = gv[zRow + 2 * units + j];
                    float o = gv[zRow + 3 * units + j];
                    float tc = cellTanh[hRow + j];
                    float cPrev = t > 0 ? cells[hRow - units + j] : 0f;
                    float dh = dhOut[hRow + j] + dhNext[sRow + j];
                    float dc = dh * o * (1 - tc * tc) + dcNext[sRow + j];
                    dcNext[sRow + j] = dc * f;
                    dz[zRow + j] = dc * g * i * (1 - i);
                    dz[zRow + units + j] = dc * cPrev * f * (1 - f);
                    dz[zRow + 2 * units + j] = dc * i * (1 - g * g);
                    dz[zRow + 3 * units + j] = dh * tc * o * (1 - o);
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
