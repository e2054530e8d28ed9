package dev.jmlbench.core.params;

import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The canonical parameter layout of a model: the names and shapes every engine adapter imports and exports.
 *
 * <p>Layers are numbered from 0 in model order; parameter names are {@code layer<i>.<name>}.
 * <table>
 *   <caption>Layouts per layer kind</caption>
 *   <tr><th>layer</th><th>parameter</th><th>shape</th><th>meaning</th></tr>
 *   <tr><td>Dense</td><td>{@code weight}</td><td>[in, out]</td><td>{@code y = x W + b}; row i holds the
 *       weights from input i to every output</td></tr>
 *   <tr><td>Dense</td><td>{@code bias}</td><td>[out]</td><td></td></tr>
 * </table>
 * Engines whose native layout differs (PyTorch's Linear is [out, in], Tribuo keeps the bias as an extra
 * feature column) transpose or split on import and export.
 */
public final class CanonicalLayout {
    private final Map<String, int[]> shapes;

    private CanonicalLayout(Map<String, int[]> shapes) {
        this.shapes = Collections.unmodifiableMap(shapes);
    }

    /** The layout of {@code model}. */
    public static CanonicalLayout of(ModelSpec model) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int i = 0; i < model.layers().size(); i++) {
            LayerSpec layer = model.layers().get(i);
            int in = model.inputSizeOf(i);
            if (layer instanceof LayerSpec.Dense dense) {
                shapes.put(weightName(i), new int[] {in, dense.units()});
                shapes.put(biasName(i), new int[] {dense.units()});
            }
        }
        return new CanonicalLayout(shapes);
    }

    /** Canonical name of the weight tensor of layer {@code index}. */
    public static String weightName(int index) {
        return "layer" + index + ".weight";
    }

    /** Canonical name of the bias tensor of layer {@code index}. */
    public static String biasName(int index) {
        return "layer" + index + ".bias";
    }

    /** Parameter names and shapes, in layer order. */
    public Map<String, int[]> shapes() {
        return shapes;
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
