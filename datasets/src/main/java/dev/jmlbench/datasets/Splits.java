package dev.jmlbench.datasets;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic, seeded splits and feature scaling shared by every dataset. */
public final class Splits {
    private Splits() {
    }

    /** Training and test row indices. */
    public record Indices(int[] train, int[] test) {
    }

    /**
     * A stratified split: from each class, {@code round(count * testFraction)} examples (at least one when the
     * class has two or more) go to the test part. Both parts are then shuffled, so the training order - the
     * order every engine visits the examples in - interleaves the classes. Same labels, fraction and seed give
     * the same indices.
     */
    public static Indices stratified(int[] labels, int numClasses, double testFraction, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            int[] shuffled = shuffle(members.stream().mapToInt(Integer::intValue).toArray(), random);
            int nTest = (int) Math.round(shuffled.length * testFraction);
            if (nTest == 0 && shuffled.length >= 2) {
                nTest = 1;
            }
            for (int i = 0; i < shuffled.length; i++) {
                (i < nTest ? test : train).add(shuffled[i]);
            }
        }
        return new Indices(shuffle(train.stream().mapToInt(Integer::intValue).toArray(), random),
                shuffle(test.stream().mapToInt(Integer::intValue).toArray(), random));
    }

    /** Fisher-Yates shuffle of a copy of {@code values}. */
    static int[] shuffle(int[] values, SplittableRandom random) {
        int[] out = values.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    /** Rows {@code indices} of {@code rows}, copied. */
    static float[][] select(float[][] rows, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]].clone();
        }
        return out;
    }

    static int[] select(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    /**
     * Standardises every column of {@code train} and {@code test} in place with the mean and (population)
     * standard deviation of {@code train} alone; a constant column is only centred.
     */
    public static void standardize(float[][] train, float[][] test) {
        int width = train[0].length;
        for (int j = 0; j < width; j++) {
            double sum = 0;
            for (float[] row : train) {
                sum += row[j];
            }
            double mean = sum / train.length;
            double sq = 0;
            for (float[] row : train) {
                sq += (row[j] - mean) * (row[j] - mean);
            }
            double std = Math.sqrt(sq / train.length);
            double scale = std > 0 ? 1 / std : 1;
            for (float[] row : train) {
                row[j] = (float) ((row[j] - mean) * scale);
            }
            for (float[] row : test) {
                row[j] = (float) ((row[j] - mean) * scale);
            }
        }
    }
}
