package dev.jmlbench.reference.nn;

import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ModelSpec} assembled from {@link Layer}s: Dense, Conv2D and Conv1D become the affine layer followed by
 * an {@link ActivationLayer} (none for identity), every other spec layer one layer. Parameters are named as in
 * {@link CanonicalLayout}: {@code layer<i>.<name>} with i the spec layer's index.
 */
public final class Network {
    private final ModelSpec spec;
    private final CanonicalLayout layout;
    private final List<Layer> layers = new ArrayList<>();
    /** For every spec layer, the index in {@link #layers} of its last layer. */
    private final int[] specEnd;
    private final Map<String, Param> params = new LinkedHashMap<>();

    /**
     * @param spec the model
     * @param seed the recipe's seed (dropout masks)
     * @throws IllegalArgumentException when a layer kind is placed where it cannot work (an embedding after
     *                                  another layer) or is not one the library builds ({@link #builds})
     */
    public Network(ModelSpec spec, long seed) {
        this.spec = spec;
        this.layout = CanonicalLayout.of(spec);
        this.specEnd = new int[spec.layers().size()];
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec ls = spec.layers().get(i);
            List<Integer> in = spec.shapeBefore(i);
            String name = "layer " + i + " (" + describe(ls) + ")";
            List<Layer> made = new ArrayList<>();
            if (ls instanceof LayerSpec.Dense d) {
                made.add(new DenseLayer(name, in.get(0), d.units()));
                activation(made, name, d.activation(), List.of(d.units()));
            } else if (ls instanceof LayerSpec.Conv2D c) {
                Conv2DLayer conv = new Conv2DLayer(name, in, c.filters(), c.kernelSize(), c.stride(), c.padding());
                made.add(conv);
                activation(made, name, c.activation(), conv.outputShape());
            } else if (ls instanceof LayerSpec.Conv1D c) {
                Conv1DLayer conv = new Conv1DLayer(name, in, c.filters(), c.kernelSize(), c.stride());
                made.add(conv);
                activation(made, name, c.activation(), conv.outputShape());
            } else if (ls instanceof LayerSpec.MaxPool2D p) {
                made.add(new Pool2DLayer(name, true, in, p.size(), p.stride()));
            } else if (ls instanceof LayerSpec.AvgPool2D p) {
                made.add(new Pool2DLayer(name, false, in, p.size(), p.stride()));
            } else if (ls instanceof LayerSpec.Flatten) {
                made.add(new FlattenLayer(name, in));
            } else if (ls instanceof LayerSpec.Dropout d) {
                made.add(new DropoutLayer(name, in, d.rate(), seed, i));
            } else if (ls instanceof LayerSpec.Embedding e) {
                if (i != 0) {
                    throw new IllegalArgumentException(name + ": an embedding must be the first layer (token indices"
                            + " have no gradient to pass back)");
                }
                made.add(new EmbeddingLayer(name, in.get(0), e.vocabularySize(), e.dimension()));
            } else if (ls instanceof LayerSpec.SimpleRnn r) {
                made.add(new SimpleRnnLayer(name, in, r.units(), r.returnSequences()));
            } else if (ls instanceof LayerSpec.Lstm r) {
                made.add(new LstmLayer(name, in, r.units(), r.returnSequences()));
            } else if (ls instanceof LayerSpec.Gru r) {
                made.add(new GruLayer(name, in, r.units(), r.returnSequences()));
            } else {
                throw new IllegalArgumentException(name + ": the reference engine has no " + describe(ls)
                        + " layer");
            }
            for (Layer layer : made) {
                for (Param p : layer.params()) {
                    params.put(CanonicalLayout.name(i, p.name()), p);
                }
            }
            layers.addAll(made);
            specEnd[i] = layers.size() - 1;
        }
        layers.get(0).setInputGradientNeeded(false);
        if (!params.keySet().equals(layout.shapes().keySet())) {
            throw new IllegalStateException("parameters " + params.keySet() + " do not match the canonical layout "
                    + layout.shapes().keySet());
        }
    }

    /**
     * Whether the library has a layer for {@code layer}'s kind: Dense, Conv2D, Conv1D, max and average pooling,
     * Flatten, Dropout, Embedding, SimpleRNN, LSTM and GRU.
     */
    public static boolean builds(LayerSpec layer) {
        return layer instanceof LayerSpec.Dense || layer instanceof LayerSpec.Conv2D
                || layer instanceof LayerSpec.Conv1D || layer instanceof LayerSpec.MaxPool2D
                || layer instanceof LayerSpec.AvgPool2D || layer instanceof LayerSpec.Flatten
                || layer instanceof LayerSpec.Dropout || layer instanceof LayerSpec.Embedding
                || layer instanceof LayerSpec.SimpleRnn || layer instanceof LayerSpec.Lstm
                || layer instanceof LayerSpec.Gru;
    }

    private static void activation(List<Layer> made, String name, Activation activation, List<Integer> shape) {
        if (activation != Activation.IDENTITY) {
            made.add(new ActivationLayer(name + " " + activation.name().toLowerCase(java.util.Locale.ROOT),
                    activation, shape));
        }
    }

    /** A short description of a spec layer for error messages, e.g. {@code Conv2D 6 filters 5x5}. */
    static String describe(LayerSpec layer) {
        if (layer instanceof LayerSpec.Dense d) {
            return "Dense " + d.units() + " " + d.activation();
        } else if (layer instanceof LayerSpec.Conv2D c) {
            return "Conv2D " + c.filters() + " filters " + c.kernelSize() + "x" + c.kernelSize();
        } else if (layer instanceof LayerSpec.Conv1D c) {
            return "Conv1D " + c.filters() + " filters of " + c.kernelSize() + " steps";
        } else if (layer instanceof LayerSpec.SimpleRnn r) {
            return "SimpleRNN " + r.units();
        } else if (layer instanceof LayerSpec.Lstm r) {
            return "LSTM " + r.units();
        } else if (layer instanceof LayerSpec.Gru r) {
            return "GRU " + r.units();
        }
        return layer.getClass().getSimpleName();
    }

    /** The model. */
    public ModelSpec spec() {
        return spec;
    }

    /** All layers, in order (Dense, Conv2D and Conv1D count twice when they have an activation). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The parameters by canonical name, in layout order. */
    public Map<String, Param> params() {
        return Collections.unmodifiableMap(params);
    }

    /** The parameters in layout order. */
    public List<Param> paramList() {
        return List.copyOf(params.values());
    }

    /** Values per input example. */
    public int inputSize() {
        return layers.get(0).inputSize();
    }

    /** Values per output example. */
    public int outputSize() {
        return layers.get(layers.size() - 1).outputSize();
    }

    /**
     * Replaces every parameter with the values of {@code p} (copied).
     *
     * @throws IllegalArgumentException naming the parameter, its shape and the expected one when {@code p} does
     *                                  not have exactly the canonical layout
     */
    public void importParameters(Parameters p) {
        p.requireLayout(layout);
        for (Map.Entry<String, Param> e : params.entrySet()) {
            float[] values = p.get(e.getKey()).data();
            System.arraycopy(values, 0, e.getValue().value, 0, values.length);
        }
    }

    /** A copy of every parameter in the canonical layout. */
    public Parameters exportParameters() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, Param> e : params.entrySet()) {
            t.put(e.getKey(), new Tensor(e.getValue().shape(), e.getValue().value));
        }
        return new Parameters(t);
    }

    /**
     * The batch laid end to end, checking every row against the model's input shape.
     *
     * @throws IllegalArgumentException naming the row, its width, the first layer and its input shape
     */
    public float[] flatten(float[][] rows) {
        int n = inputSize();
        float[] x = new float[rows.length * n];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != n) {
                throw new IllegalArgumentException("input row " + i + " has " + rows[i].length
                        + " features, the model expects " + n + " (" + layers.get(0).name() + " takes examples of"
                        + " shape " + spec.inputShape() + ")");
            }
            System.arraycopy(rows[i], 0, x, i * n, n);
        }
        return x;
    }

    /** The outputs of every spec layer (after its activation) for a batch: {@code spec.layers().size()} arrays. */
    public List<float[]> forwardAll(float[] x, int batch, Pass pass) {
        List<float[]> outputs = new ArrayList<>();
        float[] a = x;
        int next = 0;
        for (int l = 0; l < layers.size(); l++) {
            a = layers.get(l).forward(a, batch, pass);
            if (l == specEnd[next]) {
                outputs.add(a);
                next++;
            }
        }
        return outputs;
    }

    /** The output of the last layer for a batch. */
    public float[] forward(float[] x, int batch, Pass pass) {
        float[] a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, batch, pass);
        }
        return a;
    }

    /** Whether the last layer is a softmax, as softmax cross-entropy needs. */
    public boolean endsInSoftmax() {
        return layers.get(layers.size() - 1) instanceof ActivationLayer a && a.activation() == Activation.SOFTMAX;
    }

    /**
     * Forward and backward pass of the mean softmax cross-entropy over a batch: writes every parameter's
     * gradient and returns the loss. The loss gradient enters below the final softmax ({@code (p - onehot) / B}).
     *
     * @throws IllegalStateException when the model does not end in a softmax
     */
    public double softmaxCrossEntropyGradients(float[] x, int batch, int[] labels, Pass pass) {
        if (!endsInSoftmax()) {
            throw new IllegalStateException("softmax cross-entropy needs a model that ends in a softmax layer");
        }
        float[] p = forward(x, batch, pass);
        Losses.Value v = Losses.softmaxCrossEntropy(p, batch, labels);
        backward(v.gradient(), layers.size() - 2);
        return v.loss();
    }

    /** Forward and backward pass of the mean squared error against {@code targets} (laid out like the output). */
    public double meanSquaredErrorGradients(float[] x, int batch, float[] targets, Pass pass) {
        Losses.Value v = Losses.meanSquaredError(forward(x, batch, pass), targets);
        backward(v.gradient(), layers.size() - 1);
        return v.loss();
    }

    /**
     * The gradient of the mean squared error against {@code targets} (laid out like the output) with respect to the
     * input {@code x}, laid out like {@code x}, by a forward pass of kind {@code pass} and the backward pass; null
     * when the first layer's input has no gradient (token indices). Every layer computes its input gradient for this
     * call only (the first layer is set back not to). The parameters are not changed; their gradients are
     * overwritten, as by every backward pass (training computes them afresh before each step).
     */
    public float[] meanSquaredErrorInputGradient(float[] x, int batch, float[] targets, Pass pass) {
        Layer first = layers.get(0);
        first.setInputGradientNeeded(true);
        try {
            Losses.Value v = Losses.meanSquaredError(forward(x, batch, pass), targets);
            return backward(v.gradient(), layers.size() - 1);
        } finally {
            first.setInputGradientNeeded(false);
        }
    }

    /** Backward from layer {@code top} down; returns the gradient with respect to the input (null for tokens). */
    private float[] backward(float[] grad, int top) {
        float[] g = grad;
        for (int l = top; l >= 0 && g != null; l--) {
            g = layers.get(l).backward(g);
        }
        return g;
    }

    /** Splits a batch laid end to end into rows of {@code width}. */
    public static float[][] rows(float[] flat, int batch) {
        int width = flat.length / batch;
        float[][] rows = new float[batch][];
        for (int i = 0; i < batch; i++) {
            rows[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return rows;
    }
}
