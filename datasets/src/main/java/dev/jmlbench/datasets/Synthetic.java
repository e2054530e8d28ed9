package dev.jmlbench.datasets;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.data.TrainTestData;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Labelled synthetic generators for scaling sweeps and for the long-sequence experiments. Every result from
 * them says "synthetic": their {@link DatasetInfo#synthetic()} is true and their id starts with
 * {@code synthetic-}. Same arguments and seed give identical data.
 */
public final class Synthetic {
    private Synthetic() {
    }

    /**
     * Class-separable Gaussian blobs: each class has a centre drawn uniformly in [-separation, separation]^d and
     * its examples are the centre plus unit Gaussian noise. Training examples come in a seeded interleaved order.
     */
    public static TrainTestData blobs(int classes, int features, int trainPerClass, int testPerClass,
                                      double separation, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] centres = new float[classes][features];
        for (float[] c : centres) {
            for (int j = 0; j < features; j++) {
                c[j] = (float) r.nextDouble(-separation, separation);
            }
        }
        String id = String.format(Locale.ROOT, "synthetic-blobs-c%d-d%d-n%d", classes, features, trainPerClass);
        DatasetInfo info = info(id, String.format(Locale.ROOT, "synthetic: %d Gaussian blobs in %d dimensions, "
                + "separation %.2f, seed %d", classes, features, separation, seed), classes);
        return new TrainTestData(info, "generated: " + trainPerClass + " training and " + testPerClass
                + " test examples per class", "none",
                sample(centres, trainPerClass, r), sample(centres, testPerClass, r));
    }

    private static LabeledData sample(float[][] centres, int perClass, SplittableRandom r) {
        int classes = centres.length;
        int n = classes * perClass;
        int[] order = Splits.shuffle(range(n), r);
        float[][] x = new float[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = order[i] % classes;
            float[] row = centres[c].clone();
            for (int j = 0; j < row.length; j++) {
                row[j] += (float) gaussian(r);
            }
            x[i] = row;
            y[i] = c;
        }
        return new LabeledData(x, y, classes);
    }

    /**
     * The adding problem (Hochreiter and Schmidhuber 1997): a sequence of {@code length} steps with two channels,
     * a value uniform in [0, 1) and a marker that is 1 at exactly two steps (one in each half) and 0 elsewhere;
     * the target is the sum of the two marked values. Features are laid out step by step: [v0, m0, v1, m1, ...].
     * Predicting the constant 1.0 gives a mean squared error of about 0.167, the baseline to beat.
     */
    public static RegressionData addingProblem(int examples, int length, long seed) {
        if (length < 2) {
            throw new IllegalArgumentException("the adding problem needs a length of at least 2, got " + length);
        }
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[examples][2 * length];
        float[] y = new float[examples];
        int half = length / 2;
        for (int i = 0; i < examples; i++) {
            for (int t = 0; t < length; t++) {
                x[i][2 * t] = (float) r.nextDouble();
            }
            int a = r.nextInt(half);
            int b = half + r.nextInt(length - half);
            x[i][2 * a + 1] = 1f;
            x[i][2 * b + 1] = 1f;
            y[i] = x[i][2 * a] + x[i][2 * b];
        }
        return new RegressionData(x, y);
    }

    /**
     * A copy task: {@code length} random symbols from {@code 1..symbols}, then {@code delay} blanks (0), then a
     * delimiter ({@code symbols + 1}); the target is to emit the symbols again, in order, after the delimiter.
     *
     * @param inputs  one input sequence per example, {@code length + delay + 1 + length} tokens (blanks while
     *                the model answers)
     * @param targets the tokens to emit at the last {@code length} steps
     */
    public record CopyTask(int[][] inputs, int[][] targets, int vocabularySize) {
    }

    /** Generates a {@link CopyTask}; the vocabulary is blank, the symbols and the delimiter. */
    public static CopyTask copyTask(int examples, int length, int delay, int symbols, long seed) {
        if (length < 1 || delay < 0 || symbols < 1) {
            throw new IllegalArgumentException("copy task needs length >= 1, delay >= 0, symbols >= 1");
        }
        SplittableRandom r = new SplittableRandom(seed);
        int total = length + delay + 1 + length;
        int[][] inputs = new int[examples][total];
        int[][] targets = new int[examples][length];
        for (int i = 0; i < examples; i++) {
            for (int t = 0; t < length; t++) {
                int s = 1 + r.nextInt(symbols);
                inputs[i][t] = s;
                targets[i][t] = s;
            }
            inputs[i][length + delay] = symbols + 1;
        }
        return new CopyTask(inputs, targets, symbols + 2);
    }

    /**
     * Images of a chosen size: each class is a fixed random template of bright pixels, and each example is its
     * class's template with Gaussian noise of standard deviation {@code noise}, clipped to [0, 1]. Features are
     * the pixels row by row.
     */
    public static TrainTestData images(int classes, int height, int width, int trainPerClass, int testPerClass,
                                       double noise, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] templates = new float[classes][height * width];
        for (float[] t : templates) {
            for (int j = 0; j < t.length; j++) {
                t[j] = r.nextDouble() < 0.3 ? 1f : 0f;
            }
        }
        LabeledData train = noisy(templates, trainPerClass, noise, r);
        LabeledData test = noisy(templates, testPerClass, noise, r);
        String id = String.format(Locale.ROOT, "synthetic-images-%dx%d-c%d", height, width, classes);
        DatasetInfo info = info(id, String.format(Locale.ROOT, "synthetic: %d class templates of %dx%d pixels, "
                + "noise %.2f, seed %d", classes, height, width, noise, seed), classes);
        return new TrainTestData(info, "generated: " + trainPerClass + " training and " + testPerClass
                + " test images per class", "none", train, test);
    }

    private static LabeledData noisy(float[][] templates, int perClass, double noise, SplittableRandom r) {
        LabeledData base = sample(new float[templates.length][templates[0].length], perClass, r);
        float[][] x = base.features();
        for (int i = 0; i < x.length; i++) {
            float[] t = templates[base.labels()[i]];
            for (int j = 0; j < t.length; j++) {
                x[i][j] = (float) Math.min(1, Math.max(0, t[j] + noise * x[i][j]));
            }
        }
        return new LabeledData(x, base.labels(), templates.length);
    }

    private static DatasetInfo info(String id, String source, int classes) {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add(Integer.toString(c));
        }
        return new DatasetInfo(id, source, "generated by jmlbench (no licence needed)", "none (synthetic)", names,
                true);
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static double gaussian(SplittableRandom r) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17
        double u = 1 - r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
