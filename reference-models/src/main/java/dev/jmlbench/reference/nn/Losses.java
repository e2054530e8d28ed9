package dev.jmlbench.reference.nn;

/** The training losses, each averaged over the mini-batch, with their gradients. */
public final class Losses {
    private Losses() {
    }

    /**
     * A loss value and its gradient.
     *
     * @param loss     the mean loss of the batch
     * @param gradient its gradient, laid out like the batch of outputs it was computed from
     */
    public record Value(double loss, float[] gradient) {
    }

    /**
     * Softmax cross-entropy from the softmax output {@code p} [batch, classes]:
     * {@code L = -(1/B) sum_i log p[i, y_i]} (each probability floored at the smallest normal float so that a
     * certain mistake gives a large finite loss), and its gradient with respect to the logits before the softmax,
     * {@code dL/dz = (p - onehot(y)) / B}, in float32.
     *
     * @throws IllegalArgumentException when a label lies outside [0, classes) or the sizes disagree
     */
    public static Value softmaxCrossEntropy(float[] p, int batch, int[] labels) {
        if (labels.length != batch || batch == 0 || p.length % batch != 0) {
            throw new IllegalArgumentException("softmax cross-entropy: " + labels.length + " labels for a batch of "
                    + batch + " rows of " + p.length + " probabilities");
        }
        int classes = p.length / batch;
        double loss = 0;
        float[] delta = new float[p.length];
        for (int i = 0; i < batch; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("softmax cross-entropy: label " + y + " of row " + i
                        + " is outside [0, " + classes + ")");
            }
            int off = i * classes;
            loss -= Math.log(Math.max(p[off + y], Float.MIN_NORMAL));
            System.arraycopy(p, off, delta, off, classes);
            delta[off + y] -= 1f;
            for (int j = 0; j < classes; j++) {
                delta[off + j] /= batch;
            }
        }
        return new Value(loss / batch, delta);
    }

    /**
     * Mean squared error over every value, {@code L = (1/N) sum (y - t)^2} with N the number of values, i.e. the
     * mean over the batch and the outputs (for a one-output regression network N is the batch size), with no
     * factor 1/2 (PyTorch's {@code MSELoss()}, Keras' {@code mean_squared_error}); and its gradient
     * {@code dL/dy = 2 (y - t) / N}. The sum runs in float64, the gradient is rounded to float32.
     *
     * @throws IllegalArgumentException when outputs and targets differ in size
     */
    public static Value meanSquaredError(float[] y, float[] targets) {
        if (y.length != targets.length || y.length == 0) {
            throw new IllegalArgumentException("mean squared error: " + y.length + " outputs but "
                    + targets.length + " targets");
        }
        double loss = 0;
        float[] grad = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            double d = (double) y[i] - targets[i];
            loss += d * d;
            grad[i] = (float) (2 * d / y.length);
        }
        return new Value(loss / y.length, grad);
    }
}
