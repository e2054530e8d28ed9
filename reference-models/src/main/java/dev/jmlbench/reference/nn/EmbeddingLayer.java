package dev.jmlbench.reference.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Token embedding: a sequence of token indices {@code [T]} (float-coded) becomes {@code [T, D]} with
 * {@code y[t] = W[token_t]}, {@code W} of shape [vocabulary, D]. Backward: {@code dW[v] = sum of dy[t] over the
 * steps t whose token is v}; token indices have no gradient.
 */
public final class EmbeddingLayer extends Layer {
    private final int vocabulary;
    private final int dimension;
    private final Param weight;
    private int[] tokens;

    /**
     * @param name       the layer's name in errors
     * @param timesteps  tokens per example
     * @param vocabulary number of tokens
     * @param dimension  embedding size
     */
    public EmbeddingLayer(String name, int timesteps, int vocabulary, int dimension) {
        super(name, List.of(timesteps), List.of(timesteps, dimension));
        this.vocabulary = vocabulary;
        this.dimension = dimension;
        this.weight = new Param("weight", vocabulary, dimension);
    }

    @Override
    public List<Param> params() {
        return List.of(weight);
    }

    /**
     * @throws IllegalArgumentException naming the layer, the example and the step when a value is not an integer
     *                                  token index in [0, vocabulary)
     */
    @Override
    protected float[] forwardBatch(float[] x, int batch, Pass pass) {
        tokens = new int[x.length];
        float[] y = new float[x.length * dimension];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (!(v >= 0 && v < vocabulary) || v != Math.rint(v)) {
                throw new IllegalArgumentException(name() + " expects token indices: value " + v + " of example " + i / inputSize
                        + " at step " + i % inputSize + " is not a token index in [0, " + vocabulary + ")");
            }
            tokens[i] = (int) v;
            System.arraycopy(weight.value, tokens[i] * dimension, y, i * dimension, dimension);
        }
        return y;
    }

    @Override
    protected float[] backwardBatch(float[] dy) {
        Arrays.fill(weight.grad, 0f);
        for (int i = 0; i < tokens.length; i++) {
            int row = tokens[i] * dimension;
            for (int d = 0; d < dimension; d++) {
                weight.grad[row + d] += dy[i * dimension + d];
            }
        }
        return null;
    }
}
