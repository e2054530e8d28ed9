package dev.jmlbench.reference.nn;

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
    /** Gate activations i, f, g, o of every step [batch, T, 4u]. */
    private float[] gateValues;
    /** Cell state of every step [batch, T, u]. */
    private float[] cells;

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
        gateValues = inputProjection(x, batch);
        hidden = new float[batch * timesteps * units];
        cells = new float[batch * timesteps * units];
        for (int t = 0; t < timesteps; t++) {
            for (int b = 0; b < batch; b++) {
                int zRow = (b * timesteps + t) * width;
                for (int j = 0; j < width; j++) {
                    gateValues[zRow + j] += bias.value[j];
                }
            }
            if (t > 0) {
                addRecurrentProjection(gateValues, t, batch, true);
            }
            for (int b = 0; b < batch; b++) {
                int zRow = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    float i = ActivationLayer.sigmoid(gateValues[zRow + j]);
                    float f = ActivationLayer.sigmoid(gateValues[zRow + units + j]);
                    float g = (float) Math.tanh(gateValues[zRow + 2 * units + j]);
                    float o = ActivationLayer.sigmoid(gateValues[zRow + 3 * units + j]);
                    gateValues[zRow + j] = i;
                    gateValues[zRow + units + j] = f;
                    gateValues[zRow + 2 * units + j] = g;
                    gateValues[zRow + 3 * units + j] = o;
                    float cPrev = t > 0 ? cells[hRow - units + j] : 0f;
                    float c = f * cPrev + i * g;
                    cells[hRow + j] = c;
                    hidden[hRow + j] = o * (float) Math.tanh(c);
                }
            }
        }
        return output(batch);
    }

    @Override
    protected float[] backwardBatch(float[] gradOutput) {
        int width = 4 * units;
        float[] dhOut = hiddenGradient(gradOutput);
        float[] dz = new float[gateValues.length];
        float[] dhNext = new float[batch * units];
        float[] dcNext = new float[batch * units];
        for (int t = timesteps - 1; t >= 0; t--) {
            for (int b = 0; b < batch; b++) {
                int zRow = (b * timesteps + t) * width;
                int hRow = (b * timesteps + t) * units;
                for (int j = 0; j < units; j++) {
                    float i = gateValues[zRow + j];
                    float f = gateValues[zRow + units + j];
                    float g = gateValues[zRow + 2 * units + j];
                    float o = gateValues[zRow + 3 * units + j];
                    float tc = (float) Math.tanh(cells[hRow + j]);
                    float cPrev = t > 0 ? cells[hRow - units + j] : 0f;
                    float dh = dhOut[hRow + j] + dhNext[b * units + j];
                    float dc = dh * o * (1 - tc * tc) + dcNext[b * units + j];
                    dcNext[b * units + j] = dc * f;
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
        columnSums(dz, bias.grad);
        return weightGradients(dz, dz);
    }
}
