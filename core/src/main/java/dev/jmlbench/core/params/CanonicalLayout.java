package dev.jmlbench.core.params;

import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The canonical parameter layout of a model: the names and shapes every engine adapter imports and exports.
 *
 * <p>Layers are numbered from 0 in model order; parameter names are {@code layer<i>.<name>}. All tensors are
 * row-major. {@code u} is a recurrent layer's hidden size.
 * <table>
 *   <caption>Layouts per layer kind</caption>
 *   <tr><th>layer</th><th>parameter</th><th>shape</th><th>meaning</th></tr>
 *   <tr><td>Dense</td><td>{@code weight}</td><td>[in, out]</td><td>{@code y = x W + b}: row i holds the weights
 *       from input i to every output</td></tr>
 *   <tr><td>Dense</td><td>{@code bias}</td><td>[out]</td><td></td></tr>
 *   <tr><td>Conv2D</td><td>{@code weight}</td><td>[out, in, k, k]</td><td>output channel, input channel, kernel
 *       row, kernel column (cross-correlation)</td></tr>
 *   <tr><td>Conv2D</td><td>{@code bias}</td><td>[out]</td><td></td></tr>
 *   <tr><td>Conv1D</td><td>{@code weight}</td><td>[out, in, k]</td><td>output channel, input channel, kernel
 *       step (PyTorch's Conv1d layout)</td></tr>
 *   <tr><td>Conv1D</td><td>{@code bias}</td><td>[out]</td><td></td></tr>
 *   <tr><td>Embedding</td><td>{@code weight}</td><td>[vocabulary, dimension]</td><td>row t is token t's
 *       vector</td></tr>
 *   <tr><td>SimpleRNN</td><td>{@code weight_ih}, {@code weight_hh}, {@code bias}</td><td>[in, u], [u, u], [u]</td>
 *       <td>{@code h = tanh(x W_ih + h W_hh + b)}</td></tr>
 *   <tr><td>LSTM</td><td>{@code weight_ih}, {@code weight_hh}, {@code bias}</td><td>[in, 4u], [u, 4u], [4u]</td>
 *       <td>columns in gate blocks of u: i, f, g, o (PyTorch's order); one bias per gate (PyTorch's two bias
 *       vectors are imported as bias and zero, exported as their sum)</td></tr>
 *   <tr><td>GRU</td><td>{@code weight_ih}, {@code weight_hh}, {@code bias_ih}, {@code bias_hh}</td>
 *       <td>[in, 3u], [u, 3u], [3u], [3u]</td><td>gate blocks r, z, n (PyTorch's order); both biases are needed
 *       because {@code b_hn} sits inside {@code r * (h U_n + b_hn)}</td></tr>
 * </table>
 * Pooling, Flatten and Dropout have no parameters. Engines whose native layout differs (PyTorch's Linear is
 * [out, in], DL4J stores [in, out] column-major and orders LSTM gates differently, Tribuo keeps the bias as an
 * extra feature column) translate on import and export.
 */
public final class CanonicalLayout {
    private final Map<String, int[]> shapes;
    private final Map<String, int[]> fans;

    private CanonicalLayout(Map<String, int[]> shapes, Map<String, int[]> fans) {
        this.shapes = Collections.unmodifiableMap(shapes);
        this.fans = Collections.unmodifiableMap(fans);
    }

    /** The layout of {@code model}. */
    public static CanonicalLayout of(ModelSpec model) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        Map<String, int[]> fans = new LinkedHashMap<>();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            List<Integer> in = model.shapeBefore(i);
            String p = "layer" + i + ".";
            if (layer instanceof LayerSpec.Dense d) {
                int n = in.get(0);
                put(shapes, fans, p + "weight", new int[] {n, d.units()}, n, d.units());
                shapes.put(p + "bias", new int[] {d.units()});
            } else if (layer instanceof LayerSpec.Conv2D c) {
                int k2 = c.kernelSize() * c.kernelSize();
                int channels = in.get(0);
                put(shapes, fans, p + "weight", new int[] {c.filters(), channels, c.kernelSize(), c.kernelSize()},
                        channels * k2, c.filters() * k2);
                shapes.put(p + "bias", new int[] {c.filters()});
            } else if (layer instanceof LayerSpec.Conv1D c) {
                int channels = in.get(1);
                put(shapes, fans, p + "weight", new int[] {c.filters(), channels, c.kernelSize()},
                        channels * c.kernelSize(), c.filters() * c.kernelSize());
                shapes.put(p + "bias", new int[] {c.filters()});
            } else if (layer instanceof LayerSpec.Embedding e) {
                put(shapes, fans, p + "weight", new int[] {e.vocabularySize(), e.dimension()}, e.vocabularySize(),
                        e.dimension());
            } else if (layer instanceof LayerSpec.SimpleRnn r) {
                recurrent(shapes, fans, p, in.get(1), r.units(), 1, false);
            } else if (layer instanceof LayerSpec.Lstm r) {
                recurrent(shapes, fans, p, in.get(1), r.units(), 4, false);
            } else if (layer instanceof LayerSpec.Gru r) {
                recurrent(shapes, fans, p, in.get(1), r.units(), 3, true);
            }
        }
        return new CanonicalLayout(shapes, fans);
    }

    private static void recurrent(Map<String, int[]> shapes, Map<String, int[]> fans, String p, int in, int u,
                                  int gates, boolean twoBiases) {
        put(shapes, fans, p + "weight_ih", new int[] {in, gates * u}, in, gates * u);
        put(shapes, fans, p + "weight_hh", new int[] {u, gates * u}, u, gates * u);
        if (twoBiases) {
            shapes.put(p + "bias_ih", new int[] {gates * u});
            shapes.put(p + "bias_hh", new int[] {gates * u});
        } else {
            shapes.put(p + "bias", new int[] {gates * u});
        }
    }

    private static void put(Map<String, int[]> shapes, Map<String, int[]> fans, String name, int[] shape, int fanIn,
                            int fanOut) {
        shapes.put(name, shape);
        fans.put(name, new int[] {fanIn, fanOut});
    }

    /** Canonical name of the weight tensor of layer {@code index} (Dense, Conv2D, Embedding). */
    public static String weightName(int index) {
        return "layer" + index + ".weight";
    }

    /** Canonical name of the bias tensor of layer {@code index} (Dense, Conv2D, SimpleRNN, LSTM). */
    public static String biasName(int index) {
        return "layer" + index + ".bias";
    }

    /** Canonical name of parameter {@code name} (e.g. {@code weight_ih}) of layer {@code index}. */
    public static String name(int index, String name) {
        return "layer" + index + "." + name;
    }

    /** Parameter names and shapes, in layer order. */
    public Map<String, int[]> shapes() {
        return shapes;
    }

    /**
     * Fan-in and fan-out of every weight tensor (biases have none): Dense [in, out], Conv2D
     * [in * k * k, out * k * k], Conv1D [in * k, out * k], Embedding [vocabulary, dimension], recurrent [rows, columns] of each matrix.
     */
    public Map<String, int[]> fans() {
        return fans;
    }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (int[] s : shapes.values()) {
            long size = 1;
            for (int d : s) {
                size *= d;
            }
            n += size;
        }
        return n;
    }
}
