package dev.jmlbench.reference.classic;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A CART classification tree: binary splits {@code x[feature] <= threshold} chosen to minimise the weighted Gini
 * impurity of the two children, grown until a node is pure, reaches {@code maxDepth}, or would leave a child
 * with fewer than {@code minSamplesLeaf} examples. Leaves hold class probabilities (the class frequencies of
 * their training examples). Thresholds are midpoints between consecutive distinct feature values.
 *
 * <p>With {@code featuresPerSplit} below the number of features, each split considers a random subset of
 * features drawn from the tree's seed (as a random forest does); otherwise every feature, and the tree is
 * deterministic.
 */
public final class DecisionTree {
    private final int numClasses;
    // flat node arrays: a node is a leaf when feature[node] < 0
    private int[] feature = new int[64];
    private float[] threshold = new float[64];
    private int[] left = new int[64];
    private int[] right = new int[64];
    private float[][] leafProbabilities = new float[64][];
    private int nodeCount;
    private int depth;

    private DecisionTree(int numClasses) {
        this.numClasses = numClasses;
    }

    /** Hyper-parameters of a tree. */
    public record Params(int maxDepth, int minSamplesLeaf, int featuresPerSplit) {
        public Params {
            if (maxDepth < 1) {
                throw new IllegalArgumentException("tree max depth must be at least 1, got " + maxDepth);
            }
            if (minSamplesLeaf < 1) {
                throw new IllegalArgumentException("tree min samples per leaf must be at least 1, got "
                        + minSamplesLeaf);
            }
            if (featuresPerSplit < 0) {
                throw new IllegalArgumentException("features per split must be >= 0 (0 = all), got "
                        + featuresPerSplit);
            }
        }
    }

    /**
     * Grows a tree on the examples {@code rows} (indices into {@code x}; repeats allowed, as in a bootstrap).
     *
     * @throws IllegalArgumentException on empty data, ragged rows or labels outside {@code [0, numClasses)}
     */
    public static DecisionTree fit(float[][] x, int[] y, int numClasses, int[] rows, Params params, long seed) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot grow a tree on no examples");
        }
        int width = x[rows[0]].length;
        for (int r : rows) {
            if (x[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + x[r].length + " features, expected "
                        + width);
            }
            if (y[r] < 0 || y[r] >= numClasses) {
                throw new IllegalArgumentException("label " + y[r] + " of row " + r + " is outside [0, "
                        + numClasses + ")");
            }
        }
        DecisionTree tree = new DecisionTree(numClasses);
        tree.grow(x, y, rows.clone(), 0, rows.length, 0, params, width, new SplittableRandom(seed));
        return tree;
    }

    /** Grows a tree on all examples. */
    public static DecisionTree fit(float[][] x, int[] y, int numClasses, Params params, long seed) {
        int[] rows = new int[x.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        return fit(x, y, numClasses, rows, params, seed);
    }

    private int grow(float[][] x, int[] y, int[] rows, int from, int to, int level, Params p, int width,
                     SplittableRandom random) {
        int node = newNode();
        depth = Math.max(depth, level);
        int n = to - from;
        int[] counts = new int[numClasses];
        for (int i = from; i < to; i++) {
            counts[y[rows[i]]]++;
        }
        Split best = level < p.maxDepth() && n >= 2 * p.minSamplesLeaf() && !pure(counts)
                ? bestSplit(x, y, rows, from, to, counts, p, width, random) : null;
        if (best == null) {
            feature[node] = -1;
            float[] probabilities = new float[numClasses];
            for (int c = 0; c < numClasses; c++) {
                probabilities[c] = (float) counts[c] / n;
            }
            leafProbabilities[node] = probabilities;
            return node;
        }
        // partition rows[from, to) so that the left child's examples come first
        int mid = from;
        for (int i = from; i < to; i++) {
            if (x[rows[i]][best.feature] <= best.threshold) {
                int t = rows[i];
                rows[i] = rows[mid];
                rows[mid] = t;
                mid++;
            }
        }
        feature[node] = best.feature;
        threshold[node] = best.threshold;
        int l = grow(x, y, rows, from, mid, level + 1, p, width, random);
        int r = grow(x, y, rows, mid, to, level + 1, p, width, random);
        left[node] = l;
        right[node] = r;
        return node;
    }

    private record Split(int feature, float threshold, double impurity) {
    }

    private Split bestSplit(float[][] x, int[] y, int[] rows, int from, int to, int[] totals, Params p, int width,
                            SplittableRandom random) {
        int n = to - from;
        int[] candidates = features(width, p.featuresPerSplit(), random);
        Integer[] order = new Integer[n];
        Split best = null;
        for (int f : candidates) {
            for (int i = 0; i < n; i++) {
                order[i] = rows[from + i];
            }
            Arrays.sort(order, (a, b) -> Float.compare(x[a][f], x[b][f]));
            int[] leftCounts = new int[numClasses];
            for (int i = 0; i < n - 1; i++) {
                leftCounts[y[order[i]]]++;
                int nLeft = i + 1;
                float here = x[order[i]][f];
                float next = x[order[i + 1]][f];
                if (here == next || nLeft < p.minSamplesLeaf() || n - nLeft < p.minSamplesLeaf()) {
                    continue;
                }
                double impurity = nLeft * gini(leftCounts, nLeft) + (n - nLeft) * giniRest(totals, leftCounts, n - nLeft);
                if (best == null || impurity < best.impurity - 1e-12) {
                    best = new Split(f, (here + next) / 2f, impurity);
                }
            }
        }
        return best;
    }

    private static int[] features(int width, int perSplit, SplittableRandom random) {
        int[] all = new int[width];
        for (int i = 0; i < width; i++) {
            all[i] = i;
        }
        if (perSplit == 0 || perSplit >= width) {
            return all;
        }
        for (int i = 0; i < perSplit; i++) {
            int j = i + random.nextInt(width - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, perSplit);
    }

    private static boolean pure(int[] counts) {
        int nonZero = 0;
        for (int c : counts) {
            nonZero += c > 0 ? 1 : 0;
        }
        return nonZero <= 1;
    }

    private static double gini(int[] counts, int n) {
        double sum = 0;
        for (int c : counts) {
            double p = (double) c / n;
            sum += p * p;
        }
        return 1 - sum;
    }

    private static double giniRest(int[] totals, int[] leftCounts, int n) {
        double sum = 0;
        for (int c = 0; c < totals.length; c++) {
            double p = (double) (totals[c] - leftCounts[c]) / n;
            sum += p * p;
        }
        return 1 - sum;
    }

    private int newNode() {
        if (nodeCount == feature.length) {
            int size = feature.length * 2;
            feature = Arrays.copyOf(feature, size);
            threshold = Arrays.copyOf(threshold, size);
            left = Arrays.copyOf(left, size);
            right = Arrays.copyOf(right, size);
            leafProbabilities = Arrays.copyOf(leafProbabilities, size);
        }
        return nodeCount++;
    }

    /** Class probabilities of one example (the class frequencies of the leaf it falls in). */
    public float[] predict(float[] example) {
        int node = 0;
        while (feature[node] >= 0) {
            node = example[feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return leafProbabilities[node].clone();
    }

    /** Number of nodes, leaves included. */
    public int nodeCount() {
        return nodeCount;
    }

    /** Depth of the deepest leaf (the root has depth 0). */
    public int depth() {
        return depth;
    }
}
