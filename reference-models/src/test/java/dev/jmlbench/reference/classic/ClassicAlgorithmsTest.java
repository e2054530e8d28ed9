package dev.jmlbench.reference.classic;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.task.DatasetRef;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CART and random forest on real data, their invariants, determinism and bad input. */
class ClassicAlgorithmsTest {

    private static double accuracy(TrainTestData d, java.util.function.Function<float[], float[]> model) {
        int correct = 0;
        for (int i = 0; i < d.test().size(); i++) {
            float[] p = model.apply(d.test().features()[i]);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            correct += best == d.test().labels()[i] ? 1 : 0;
        }
        return (double) correct / d.test().size();
    }

    @Test
    void cartLearnsIrisAndRespectsItsLimits() {
        TrainTestData iris = Datasets.load(new DatasetRef("iris", 0.2, 42));
        DecisionTree deep = DecisionTree.fit(iris.train().features(), iris.train().labels(), 3,
                new DecisionTree.Params(20, 1, 0), 1);
        double acc = accuracy(iris, deep::predict);
        assertTrue(acc >= 0.9, "CART iris accuracy " + acc);
        // a fully grown tree fits its training data exactly (iris has no duplicate rows with different labels)
        assertEquals(1.0, accuracy(new TrainTestData(iris.info(), iris.split(), iris.preprocessing(), iris.train(),
                iris.train()), deep::predict), 0.01);
        DecisionTree stump = DecisionTree.fit(iris.train().features(), iris.train().labels(), 3,
                new DecisionTree.Params(1, 1, 0), 1);
        assertEquals(1, stump.depth());
        assertEquals(3, stump.nodeCount());
        DecisionTree bigLeaves = DecisionTree.fit(iris.train().features(), iris.train().labels(), 3,
                new DecisionTree.Params(20, 30, 0), 1);
        assertTrue(bigLeaves.nodeCount() < deep.nodeCount());
        float[] p = deep.predict(iris.test().features()[0]);
        float sum = 0;
        for (float v : p) {
            sum += v;
        }
        assertEquals(1f, sum, 1e-6f);
    }

    @Test
    void randomForestReachesTheDigitsFloorAndIsThreadCountIndependent() {
        TrainTestData digits = Datasets.load(new DatasetRef("digits", 0.2, 42));
        RandomForest.Params params = new RandomForest.Params(60, new DecisionTree.Params(30, 1, 0), 1.0);
        RandomForest one = RandomForest.fit(digits.train().features(), digits.train().labels(), 10, params, 7, 1);
        RandomForest two = RandomForest.fit(digits.train().features(), digits.train().labels(), 10, params, 7, 2);
        double acc = accuracy(digits, one::predict);
        assertTrue(acc >= 0.93, "random forest digits accuracy " + acc);
        for (float[] row : digits.test().features()) {
            assertArrayEquals(one.predict(row), two.predict(row), "same seed, different thread count");
        }
        RandomForest other = RandomForest.fit(digits.train().features(), digits.train().labels(), 10, params, 8, 2);
        boolean differs = false;
        for (float[] row : digits.test().features()) {
            differs |= !java.util.Arrays.equals(one.predict(row), other.predict(row));
        }
        assertTrue(differs, "a different seed grows a different forest");
    }

    /** Weighted Gini impurity {@code n_l gini(l) + n_r gini(r)} of the partition of {@code rows} by {@code side}. */
    private static double weightedGini(int[] labels, int classes, boolean[] left) {
        int[][] counts = new int[2][classes];
        int[] n = new int[2];
        for (int i = 0; i < labels.length; i++) {
            int s = left[i] ? 0 : 1;
            counts[s][labels[i]]++;
            n[s]++;
        }
        double total = 0;
        for (int s = 0; s < 2; s++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double p = (double) counts[s][c] / n[s];
                sum += p * p;
            }
            total += n[s] * (1 - sum);
        }
        return total;
    }

    /**
     * The root split is the Gini optimum over every feature and every threshold between distinct values that
     * leaves at least minSamplesLeaf examples per side, found here by brute force on small random data with many
     * tied values.
     */
    @Test
    void rootSplitMinimisesTheWeightedGiniOverEveryFeatureAndThreshold() {
        for (long seed = 1; seed <= 20; seed++) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            int n = 30 + r.nextInt(30);
            int width = 1 + r.nextInt(5);
            int classes = 2 + r.nextInt(3);
            int minLeaf = 1 + r.nextInt(5);
            float[][] x = new float[n][width];
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                for (int f = 0; f < width; f++) {
                    x[i][f] = r.nextInt(8) - 3.5f;
                }
                y[i] = r.nextInt(classes);
            }
            double best = Double.POSITIVE_INFINITY;
            for (int f = 0; f < width; f++) {
                for (float v = -3.5f; v <= 3.5f; v++) {
                    boolean[] left = new boolean[n];
                    int nLeft = 0;
                    for (int i = 0; i < n; i++) {
                        left[i] = x[i][f] <= v;
                        nLeft += left[i] ? 1 : 0;
                    }
                    if (nLeft >= minLeaf && n - nLeft >= minLeaf) {
                        best = Math.min(best, weightedGini(y, classes, left));
                    }
                }
            }
            DecisionTree.Search search = DecisionTree.Search.values()[(int) (seed % 3)];
            DecisionTree stump = DecisionTree.fit(x, y, classes, allRows(n), new DecisionTree.Params(1, minLeaf, 0),
                    0, search);
            if (best == Double.POSITIVE_INFINITY) {
                assertEquals(1, stump.nodeCount(), "seed " + seed + ": no admissible split, so a single leaf");
                continue;
            }
            assertEquals(3, stump.nodeCount(), "seed " + seed);
            boolean[] left = new boolean[n];
            int leftLeaf = stump.leaf(x[0]);
            int[] sizes = new int[2];
            for (int i = 0; i < n; i++) {
                left[i] = stump.leaf(x[i]) == leftLeaf;
                sizes[left[i] ? 0 : 1]++;
            }
            assertEquals(best, weightedGini(y, classes, left), 1e-9, "seed " + seed);
            assertTrue(sizes[0] >= minLeaf && sizes[1] >= minLeaf, "seed " + seed + ": leaf sizes "
                    + java.util.Arrays.toString(sizes) + ", min " + minLeaf);
        }
    }

    private static int[] allRows(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /**
     * Sorting the node's examples and counting them per distinct value find the same splits: identical trees
     * (node count, depth, leaf of every example, probabilities) on continuous (wine, breast cancer) and discrete
     * (digits) features, with bootstrap rows and random feature subsets.
     */
    @Test
    void sortAndHistogramSearchGrowTheSameTrees() {
        for (String id : new String[] {"wine", "breast-cancer", "digits"}) {
            TrainTestData d = Datasets.load(new DatasetRef(id, 0.2, 42));
            float[][] x = d.train().features();
            int[] y = d.train().labels();
            int k = d.train().numClasses();
            for (long seed = 0; seed < 3; seed++) {
                java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
                int[] rows = allRows(x.length);
                if (seed > 0) {
                    for (int i = 0; i < rows.length; i++) {
                        rows[i] = r.nextInt(x.length);
                    }
                }
                DecisionTree.Params p = new DecisionTree.Params(20, (int) seed + 1, seed == 2 ? 3 : 0);
                DecisionTree sorted = DecisionTree.fit(x, y, k, rows, p, seed, DecisionTree.Search.SORT);
                for (DecisionTree.Search search : new DecisionTree.Search[] {DecisionTree.Search.HISTOGRAM,
                        DecisionTree.Search.AUTO}) {
                    DecisionTree other = DecisionTree.fit(x, y, k, rows, p, seed, search);
                    String what = id + ", seed " + seed + ", " + search;
                    assertEquals(sorted.nodeCount(), other.nodeCount(), what);
                    assertEquals(sorted.depth(), other.depth(), what);
                    for (float[][] set : new float[][][] {x, d.test().features()}) {
                        for (float[] row : set) {
                            assertEquals(sorted.leaf(row), other.leaf(row), what);
                            assertArrayEquals(sorted.predict(row), other.predict(row), what);
                        }
                    }
                }
            }
        }
    }

    /** Every leaf holds at least minSamplesLeaf examples, no leaf is deeper than maxDepth, and leaves predict the
     * class frequencies of their training examples. */
    @Test
    void leavesRespectTheLimitsAndHoldTheirClassFrequencies() {
        TrainTestData digits = Datasets.load(new DatasetRef("digits", 0.2, 42));
        float[][] x = digits.train().features();
        int[] y = digits.train().labels();
        for (int minLeaf : new int[] {1, 7}) {
            DecisionTree tree = DecisionTree.fit(x, y, 10, new DecisionTree.Params(6, minLeaf, 0), 0);
            assertTrue(tree.depth() <= 6, "depth " + tree.depth());
            java.util.Map<Integer, int[]> leaves = new java.util.HashMap<>();
            for (int i = 0; i < x.length; i++) {
                leaves.computeIfAbsent(tree.leaf(x[i]), k -> new int[10])[y[i]]++;
            }
            assertEquals(tree.nodeCount(), 2 * leaves.size() - 1, "every leaf holds training examples");
            for (java.util.Map.Entry<Integer, int[]> leaf : leaves.entrySet()) {
                int size = java.util.Arrays.stream(leaf.getValue()).sum();
                assertTrue(size >= minLeaf, "leaf of " + size + " examples, min " + minLeaf);
                float[] expected = new float[10];
                for (int c = 0; c < 10; c++) {
                    expected[c] = (float) leaf.getValue()[c] / size;
                }
                int row = 0;
                while (tree.leaf(x[row]) != leaf.getKey()) {
                    row++;
                }
                assertArrayEquals(expected, tree.predict(x[row]));
            }
        }
    }

    /**
     * A split between two adjacent floats (or near the largest float) must still separate them: the float midpoint
     * rounds up to the higher value there (or overflows), which used to send both examples left and leave the
     * right leaf empty with NaN probabilities.
     */
    @Test
    void thresholdsBetweenAdjacentOrHugeValuesStillSeparateThem() {
        float a = Math.nextUp(1f);
        float b = Math.nextUp(a);
        assertEquals(b, (a + b) / 2f, "the float midpoint of these two rounds up to the higher one");
        assertEquals(a, DecisionTree.threshold(a, b));
        assertEquals(2.5f, DecisionTree.threshold(2f, 3f));
        float huge = Float.MAX_VALUE;
        float below = Math.nextDown(Math.nextDown(huge));
        assertTrue(DecisionTree.threshold(below, huge) < huge);
        assertTrue(DecisionTree.threshold(-huge, huge) == 0f);
        for (float[] pair : new float[][] {{a, b}, {below, huge}, {-huge, -below}}) {
            DecisionTree tree = DecisionTree.fit(new float[][] {{pair[0]}, {pair[1]}}, new int[] {0, 1}, 2,
                    new DecisionTree.Params(1, 1, 0), 0);
            assertArrayEquals(new float[] {1, 0}, tree.predict(new float[] {pair[0]}), "low value " + pair[0]);
            assertArrayEquals(new float[] {0, 1}, tree.predict(new float[] {pair[1]}), "high value " + pair[1]);
        }
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DecisionTree.Params(0, 1, 0));
        assertTrue(e.getMessage().contains("max depth must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionTree.fit(new float[][] {{1, 2}, {3}},
                new int[] {0, 1}, 2, new DecisionTree.Params(3, 1, 0), 1));
        assertTrue(e.getMessage().contains("row 1 has 1 features, expected 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionTree.fit(new float[][] {{1}, {3}},
                new int[] {0, 5}, 2, new DecisionTree.Params(3, 1, 0), 1));
        assertTrue(e.getMessage().contains("label 5 of row 1 is outside [0, 2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RandomForest.Params(0, new DecisionTree.Params(3, 1, 0), 1.0));
        e = assertThrows(IllegalArgumentException.class, () -> DecisionTree.fit(new float[][] {{1}, {Float.NaN}},
                new int[] {0, 1}, 2, new DecisionTree.Params(3, 1, 0), 1));
        assertTrue(e.getMessage().contains("feature 0 of row 1 is NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DecisionTree.fit(new float[][] {{1}, {2}},
                new int[] {0}, 2, new DecisionTree.Params(3, 1, 0), 1));
        assertEquals("2 feature rows but 1 labels", e.getMessage());
    }
}
