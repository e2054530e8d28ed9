package dev.jmlbench.core.params;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All parameters of a model in the canonical layout: named tensors in layer order. Names and shapes are those
 * of {@link CanonicalLayout#of(dev.jmlbench.core.task.ModelSpec)}.
 */
public final class Parameters {
    private final Map<String, Tensor> tensors;

    public Parameters(Map<String, Tensor> tensors) {
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** Named tensors, in layer order. */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    /** The tensor called {@code name}; an error naming the known names when there is none. */
    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + tensors.keySet());
        }
        return t;
    }

    /**
     * Checks that these parameters have exactly the names and shapes of {@code layout}.
     *
     * @throws IllegalArgumentException naming the first parameter that is missing, extra or of the wrong shape
     */
    public void requireLayout(CanonicalLayout layout) {
        for (Map.Entry<String, int[]> e : layout.shapes().entrySet()) {
            Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' is missing; expected shape "
                        + Arrays.toString(e.getValue()));
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has shape "
                        + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(e.getValue()));
            }
        }
        for (String name : tensors.keySet()) {
            if (!layout.shapes().containsKey(name)) {
                throw new IllegalArgumentException("unexpected parameter '" + name + "'; expected only "
                        + layout.shapes().keySet());
            }
        }
    }

    /** Largest absolute difference over all tensors; both must have the same names and shapes. */
    public double maxAbsDiff(Parameters other) {
        if (!tensors.keySet().equals(other.tensors.keySet())) {
            throw new IllegalArgumentException("parameter names differ: " + tensors.keySet() + " vs "
                    + other.tensors.keySet());
        }
        double max = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            max = Math.max(max, e.getValue().maxAbsDiff(other.tensors.get(e.getKey())));
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && tensors.equals(p.tensors);
    }

    @Override
    public int hashCode() {
        return tensors.hashCode();
    }

    @Override
    public String toString() {
        return "Parameters" + tensors;
    }
}
