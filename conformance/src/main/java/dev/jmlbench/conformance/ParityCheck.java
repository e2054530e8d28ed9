package dev.jmlbench.conformance;

import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.CanonicalLayout;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.ModelSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Forward parity of two models of the same spec holding identical parameters: the output, and layer by layer where
 * both models expose their layers ({@link Model#layerOutput}), against the tiers of {@link Tolerances}. Used by the
 * conformance kit and by the harness's parity run.
 */
public final class ParityCheck {
    private ParityCheck() {
    }

    /**
     * The comparison of one layer's output (or of the model output).
     *
     * @param layer     layer index, or -1 for the model output (the probabilities from {@code predict})
     * @param kind      the layer's kind, e.g. {@code Conv2D}, or {@code output}
     * @param maxAbs    largest {@code |x - x_ref|}
     * @param maxRel    {@code maxAbs / max|x_ref|}: the largest difference relative to the largest reference value
     * @param allowance the tier sum it was held to (see {@link Tolerances#forwardAllowance})
     * @param within    whether every value was within {@code allowance * max(1, |x_ref|)}
     */
    public record LayerParity(int layer, String kind, double maxAbs, double maxRel, double allowance, boolean within) {
        /** "layer 3 (Conv2D)" or "output". */
        public String label() {
            return layer < 0 ? "output" : "layer " + layer + " (" + kind + ")";
        }
    }

    /**
     * The result of one comparison.
     *
     * @param layers       per-layer comparisons, in order; empty when either model does not expose its layers
     * @param output       the comparison of the model outputs
     * @param layerByLayer whether the layers could be compared one by one
     */
    public record Report(List<LayerParity> layers, LayerParity output, boolean layerByLayer) {
        public Report {
            layers = List.copyOf(layers);
        }

        /** The first layer beyond its allowance; the output when only the output diverges; empty when none. */
        public Optional<LayerParity> firstDivergence() {
            for (LayerParity l : layers) {
                if (!l.within()) {
                    return Optional.of(l);
                }
            }
            return output.within() ? Optional.empty() : Optional.of(output);
        }

        /** Whether every compared value is within its allowance. */
        public boolean passed() {
            return firstDivergence().isEmpty();
        }

        /** One line for people: output differences, and the first divergence or that there is none. */
        public String summary() {
            String s = String.format(Locale.ROOT, "output max |dp| %.3g (relative %.3g, allowed %.1e)",
                    output.maxAbs(), output.maxRel(), output.allowance());
            Optional<LayerParity> first = firstDivergence();
            if (first.isPresent()) {
                LayerParity f = first.get();
                s += String.format(Locale.ROOT, "; first divergence: %s, max |d| %.3g (relative %.3g) beyond %.1e",
                        f.label(), f.maxAbs(), f.maxRel(), f.allowance());
            } else {
                s += layerByLayer ? "; every layer within tolerance" : "; layers not compared (no layerOutput)";
            }
            return s;
        }
    }

    /**
     * Parameters for a forward-parity probe: Glorot-uniform weights and biases uniform in +-0.1, all drawn from
     * {@code seed}, so that every parameter has its own value and a swapped, transposed or dropped tensor shows.
     * (A task's own initial parameters may be all zero, which gives the uniform distribution on every engine and
     * proves nothing.)
     */
    public static Parameters probeParameters(ModelSpec model, long seed) {
        Parameters p = ParameterInitializer.initialize(model, Initializer.GLOROT_UNIFORM, seed);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : p.tensors().entrySet()) {
            Tensor tensor = e.getValue();
            if (!CanonicalLayout.of(model).fans().containsKey(e.getKey())) { // biases have no fans
                float[] v = new float[tensor.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) r.nextDouble(-0.1, 0.1);
                }
                tensor = new Tensor(tensor.shape(), v);
            }
            t.put(e.getKey(), tensor);
        }
        return new Parameters(t);
    }

    /**
     * Parameters in the model's canonical layout whose every value, biases included, is drawn uniformly from
     * {@code [-scale, scale]} (in layout order, from {@code seed}), so that a misplaced element or a dropped bias
     * changes the outputs.
     */
    public static Parameters uniformParameters(ModelSpec model, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : CanonicalLayout.of(model).shapes().entrySet()) {
            int size = 1;
            for (int d : e.getValue()) {
                size *= d;
            }
            float[] v = new float[size];
            for (int i = 0; i < size; i++) {
                v[i] = (float) random.nextDouble(-scale, scale);
            }
            tensors.put(e.getKey(), new Tensor(e.getValue(), v));
        }
        return new Parameters(tensors);
    }

    /**
     * Compares {@code engine} with {@code reference} on {@code features}; both must already hold identical
     * parameters.
     */
    public static Report compare(ModelSpec spec, Model engine, Model reference, float[][] features) {
        List<LayerParity> layers = new ArrayList<>();
        boolean layerByLayer = true;
        for (int i = 0; i < spec.layers().size() && layerByLayer; i++) {
            Optional<float[][]> a = engine.layerOutput(i, features);
            Optional<float[][]> e = reference.layerOutput(i, features);
            if (a.isEmpty() || e.isEmpty()) {
                layerByLayer = false;
                layers.clear();
                break;
            }
            LayerSpec layer = spec.layers().get(i);
            layers.add(compare(i, layer.getClass().getSimpleName(), a.get(), e.get(),
                    Tolerances.forwardAllowance(spec, i)));
        }
        LayerParity output = compare(-1, "output", engine.predict(features), reference.predict(features),
                Tolerances.forwardAllowance(spec, spec.layers().size() - 1));
        return new Report(layers, output, layerByLayer);
    }

    /** Compares two equally shaped matrices against {@code allowance}. */
    public static LayerParity compare(int layer, String kind, float[][] actual, float[][] expected, double allowance) {
        if (actual.length != expected.length) {
            throw new IllegalArgumentException(kind + " of layer " + layer + ": " + actual.length + " rows vs "
                    + expected.length + " rows of the reference");
        }
        double maxAbs = 0;
        double maxRef = 0;
        boolean within = true;
        for (int r = 0; r < actual.length; r++) {
            if (actual[r].length != expected[r].length) {
                throw new IllegalArgumentException((layer < 0 ? "output" : "layer " + layer + " (" + kind + ")")
                        + ": row " + r + " has " + actual[r].length + " values, the reference's has "
                        + expected[r].length);
            }
            for (int j = 0; j < actual[r].length; j++) {
                double d = Math.abs((double) actual[r][j] - expected[r][j]);
                maxAbs = Double.isNaN(d) ? Double.NaN : Math.max(maxAbs, d);
                maxRef = Math.max(maxRef, Math.abs(expected[r][j]));
                within &= Tolerances.within(actual[r][j], expected[r][j], allowance);
            }
        }
        double maxRel = maxRef > 0 ? maxAbs / maxRef : maxAbs;
        return new LayerParity(layer, kind, maxAbs, maxRel, allowance, within);
    }
}
