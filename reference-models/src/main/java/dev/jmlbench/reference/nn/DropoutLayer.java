package dev.jmlbench.reference.nn;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Inverted dropout. Training: {@code y = x * m} with {@code m = 0} with probability {@code rate}, else
 * {@code 1 / (1 - rate)}; backward {@code dx = dy * m}. Inference: the identity.
 *
 * <p>The mask of optimiser step {@code t} is drawn, value by value in order, from
 * {@code new SplittableRandom(seed ^ (t * 0x9E3779B97F4A7C15L) ^ (layerIndex * 0xC2B2AE3D27D4EB4FL))}, where
 * {@code seed} is the recipe's seed: same seed and step, same mask; every step and every dropout layer its own.
 */
public final class DropoutLayer extends Layer {
    private final double rate;
    private final long seed;
    private final int layerIndex;
    private float[] mask;

    /**
     * @param name       the layer's name in errors
     * @param shape      shape of one example
     * @param rate       probability of dropping, in [0, 1)
     * @param seed       the recipe's seed
     * @param layerIndex index of the layer in the model, so that two dropout layers draw different masks
     */
    public DropoutLayer(String name, List<Integer> shape, double rate, long seed, int layerIndex) {
        super(name, shape, shape);
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(name + ": dropout rate must lie in [0, 1), got " + rate);
        }
        this.rate = rate;
        this.seed = seed;
        this.layerIndex = layerIndex;
    }

    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        if (!pass.training()) {
            mask = null;
            return x.clone();
        }
        SplittableRandom random = new SplittableRandom(seed ^ (pass.step() * 0x9E3779B97F4A7C15L)
                ^ (layerIndex * 0xC2B2AE3D27D4EB4FL));
        float keep = (float) (1 / (1 - rate));
        mask = new float[x.length];
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            mask[i] = random.nextDouble() < rate ? 0f : keep;
            y[i] = x[i] * mask[i];
        }
        return y;
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        if (mask == null) {
            return dy.clone();
        }
        float[] dx = new float[dy.length];
        for (int i = 0; i < dy.length; i++) {
            dx[i] = dy[i] * mask[i];
        }
        return dx;
    }
}
