package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.TaskSpec;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parameters after identical training on an engine and on the reference engine: both start from the same
 * parameters and train on the same examples (one epoch of a task gives one step per batch), and the largest
 * difference relative to the size of the reference's value, {@code |w - w_ref| / max(1, |w_ref|)}, says how far
 * apart they ended. Compare it with {@link Tolerances#ONE_STEP_PARAMS} and {@link Tolerances#N_STEPS_PARAMS}.
 */
public final class StepParity {
    private StepParity() {
    }

    /**
     * The largest relative difference and where it is; {@code NaN} when the engine's value is NaN, so that a
     * comparison {@code relative <= tier} fails.
     */
    public record Worst(double relative, String where, float value, float reference) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.2e at %s (%s vs reference %s)", relative, where, value, reference);
        }
    }

    /**
     * Trains {@code task} (build, import {@code initial}, {@code train(data)}, export) on {@code reference} and on
     * {@code engine} and returns the largest relative difference of the parameters. Fails when the reference's
     * parameters did not move, which would make the comparison prove nothing.
     */
    public static Worst trainedDifference(Engine engine, Engine reference, TaskSpec task, Parameters initial,
                                          LabeledData data) {
        Parameters expected = trained(reference, task, initial, data);
        Parameters actual = trained(engine, task, initial, data);
        assertTrue(expected.maxAbsDiff(initial) > 0, "training must move the reference's parameters");
        Worst worst = new Worst(0, "-", 0, 0);
        for (Map.Entry<String, Tensor> e : expected.tensors().entrySet()) {
            float[] w = e.getValue().data();
            float[] v = actual.get(e.getKey()).data();
            for (int k = 0; k < w.length; k++) {
                double d = Math.abs((double) v[k] - w[k]) / Math.max(1, Math.abs(w[k]));
                if (d > worst.relative() || Double.isNaN(d) && !Double.isNaN(worst.relative())) {
                    worst = new Worst(d, e.getKey() + "[" + k + "]", v[k], w[k]);
                }
            }
        }
        return worst;
    }

    private static Parameters trained(Engine engine, TaskSpec task, Parameters initial, LabeledData data) {
        try (Model model = engine.build(task)) {
            model.importParameters(initial);
            model.train(data);
            return model.exportParameters();
        }
    }

    /** The first {@code n} examples of {@code data}. */
    public static LabeledData first(LabeledData data, int n) {
        return new LabeledData(Arrays.copyOf(data.features(), n), Arrays.copyOf(data.labels(), n), data.numClasses());
    }
}
