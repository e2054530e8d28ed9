package dev.jmlbench.conformance;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.params.Tensor;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How far two trainings from identical weights on identical batches drift apart, step by step: after {@code k}
 * optimiser steps (one epoch over the first {@code k * batchSize} training examples, each checkpoint trained afresh
 * from the initial parameters) and at the end of the task's recipe, the largest parameter difference, and over a probe
 * batch of test examples the largest and the median output difference and the share of examples on which both
 * predict the same class.
 *
 * <p>To tell rounding from a difference in what is computed, compare an engine's curve with the <em>rounding
 * baseline</em> ({@link #ulpPerturbed}): the same engine trained from initial parameters moved by one float32 ulp.
 * Differences that start at the size of float32 rounding at step 1 and then grow like the baseline's are rounding
 * amplified by training; a difference far above the baseline at step 1, or a jump at one step, is a difference in
 * what the engines compute.
 */
public final class DivergenceCurve {
    private DivergenceCurve() {
    }

    /**
     * One checkpoint.
     *
     * @param steps          optimiser steps taken ({@code -1}: the end of the full recipe)
     * @param maxParamDiff   largest {@code |w - w_ref|} over all parameters
     * @param maxOutputDiff  largest {@code |p - p_ref|} over the probe batch
     * @param medianOutputDiff median over the probe examples of each example's largest {@code |p - p_ref|}
     * @param sameClassShare share of probe examples whose arg-max class is the same
     */
    public record Point(int steps, double maxParamDiff, double maxOutputDiff, double medianOutputDiff,
                        double sameClassShare) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%6s steps: max |dw| %.3g, max |dp| %.3g, median |dp| %.3g, same class %.4f",
                    steps < 0 ? "end" : Integer.toString(steps), maxParamDiff, maxOutputDiff, medianOutputDiff,
                    sameClassShare);
        }
    }

    /** What one side of the comparison trained to: its parameters and its probe outputs. */
    public record Trained(Parameters parameters, float[][] outputs) {
    }

    /**
     * Trains {@code task} on {@code engine} from {@code initial} for {@code steps} steps ({@code -1}: the full recipe
     * over all of {@code train}) and predicts {@code probe}.
     */
    public static Trained train(Engine engine, TaskSpec task, Parameters initial, LabeledData train, int steps,
                                float[][] probe) {
        TaskSpec t = task;
        LabeledData data = train;
        if (steps >= 0) {
            TrainingRecipe r = task.training();
            int n = steps * r.batchSize();
            if (n > train.size()) {
                throw new IllegalArgumentException(steps + " steps of " + r.batchSize() + " need " + n
                        + " training examples, there are " + train.size());
            }
            t = new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), task.model(),
                    new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), 1, r.initializer(), r.seed()),
                    task.target());
            data = StepParity.first(train, n);
        }
        try (Model model = engine.build(t)) {
            model.importParameters(initial);
            if (steps != 0) {
                model.train(data);
            }
            return new Trained(model.exportParameters(), model.predict(probe));
        }
    }

    /** The comparison of two trained sides at one checkpoint. */
    public static Point compare(int steps, Trained actual, Trained reference) {
        double[] perExample = new double[actual.outputs().length];
        double max = 0;
        int same = 0;
        for (int r = 0; r < perExample.length; r++) {
            float[] a = actual.outputs()[r];
            float[] e = reference.outputs()[r];
            double m = 0;
            for (int j = 0; j < a.length; j++) {
                double d = Math.abs((double) a[j] - e[j]);
                m = Double.isNaN(d) ? Double.NaN : Math.max(m, d);
            }
            perExample[r] = m;
            max = Double.isNaN(m) ? Double.NaN : Math.max(max, m);
            same += argMax(a) == argMax(e) ? 1 : 0;
        }
        return new Point(steps, actual.parameters().maxAbsDiff(reference.parameters()), max, median(perExample),
                perExample.length == 0 ? 1 : (double) same / perExample.length);
    }

    /** The curve of {@code engine} against {@code reference} at {@code checkpoints} (use -1 for the end). */
    public static List<Point> curve(Engine engine, Engine reference, TaskSpec task, Parameters initial,
                                    LabeledData train, float[][] probe, int... checkpoints) {
        List<Point> points = new ArrayList<>();
        for (int k : checkpoints) {
            points.add(compare(k, train(engine, task, initial, train, k, probe),
                    train(reference, task, initial, train, k, probe)));
        }
        return points;
    }

    /**
     * {@code p} with every value moved up by one float32 ulp, the smallest change float32 can make. A zero's ulp is a
     * denormal that the first update absorbs, so zeros move to {@code 2^-24} times the largest magnitude in their
     * tensor ({@code 2^-24} in an all-zero tensor, e.g. zero-initialised biases): the size of one rounding there.
     */
    public static Parameters ulpPerturbed(Parameters p) {
        Map<String, Tensor> t = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : p.tensors().entrySet()) {
            float[] v = e.getValue().data();
            float scale = 0;
            for (float x : v) {
                scale = Math.max(scale, Math.abs(x));
            }
            float zero = (float) (Math.scalb(1.0, -24) * (scale > 0 ? scale : 1));
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] == 0 ? zero : Math.nextUp(v[i]);
            }
            t.put(e.getKey(), new Tensor(e.getValue().shape(), v));
        }
        return new Parameters(t);
    }

    static int argMax(float[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
