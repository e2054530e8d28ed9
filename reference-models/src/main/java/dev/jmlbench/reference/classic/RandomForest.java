package dev.jmlbench.reference.classic;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A random forest (Breiman 2001): each tree grows on a bootstrap sample of the training data and considers a
 * random subset of features at each split; the forest's probabilities are the mean of its trees'.
 *
 * <p>Seeds: tree {@code t} draws its bootstrap sample and feature subsets from a seed derived only from the
 * forest's seed and {@code t}, so the fitted forest is bit-identical whatever the thread count. The data are
 * checked and ranked ({@link FeatureRanks}) once and shared, read-only, by all trees.
 */
public final class RandomForest {
    private final List<DecisionTree> trees;
    private final int numClasses;

    private RandomForest(List<DecisionTree> trees, int numClasses) {
        this.trees = trees;
        this.numClasses = numClasses;
    }

    /**
     * Hyper-parameters.
     *
     * @param trees            number of trees, at least 1
     * @param tree             per-tree limits; {@code featuresPerSplit} 0 means sqrt(features), the usual default
     * @param bootstrapFraction size of each bootstrap sample as a fraction of the training set, in (0, 1]
     */
    public record Params(int trees, DecisionTree.Params tree, double bootstrapFraction) {
        public Params {
            if (trees < 1) {
                throw new IllegalArgumentException("a forest needs at least 1 tree, got " + trees);
            }
            if (!(bootstrapFraction > 0 && bootstrapFraction <= 1)) {
                throw new IllegalArgumentException("bootstrap fraction must lie in (0, 1], got " + bootstrapFraction);
            }
        }
    }

    /** Fits a forest on {@code threads} threads (at least 1). */
    public static RandomForest fit(float[][] x, int[] y, int numClasses, Params params, long seed, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        DecisionTree.validate(x, y, numClasses);
        FeatureRanks ranks = FeatureRanks.of(x);
        int width = x[0].length;
        int perSplit = params.tree().featuresPerSplit() == 0
                ? Math.max(1, (int) Math.round(Math.sqrt(width))) : params.tree().featuresPerSplit();
        DecisionTree.Params treeParams = new DecisionTree.Params(params.tree().maxDepth(),
                params.tree().minSamplesLeaf(), perSplit);
        int sample = Math.max(1, (int) Math.round(x.length * params.bootstrapFraction()));
        List<DecisionTree> trees = new ArrayList<>();
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "random-forest");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<DecisionTree>> futures = new ArrayList<>();
            for (int t = 0; t < params.trees(); t++) {
                long treeSeed = new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (t + 1)).nextLong();
                if (pool == null) {
                    trees.add(growTree(ranks, y, numClasses, treeParams, sample, treeSeed));
                } else {
                    futures.add(pool.submit(() -> growTree(ranks, y, numClasses, treeParams, sample, treeSeed)));
                }
            }
            for (Future<DecisionTree> f : futures) {
                trees.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("random forest fit interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re
                    : new IllegalStateException("random forest fit failed", e.getCause());
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new RandomForest(trees, numClasses);
    }

    private static DecisionTree growTree(FeatureRanks ranks, int[] y, int numClasses, DecisionTree.Params params,
                                         int sample, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] rows = new int[sample];
        for (int i = 0; i < sample; i++) {
            rows[i] = random.nextInt(ranks.rows());
        }
        return DecisionTree.grow(ranks, y, numClasses, rows, params, random.nextLong(), DecisionTree.Search.AUTO);
    }

    /** Mean of the trees' class probabilities for one example. */
    public float[] predict(float[] example) {
        float[] sum = new float[numClasses];
        for (DecisionTree t : trees) {
            float[] p = t.predict(example);
            for (int c = 0; c < numClasses; c++) {
                sum[c] += p[c];
            }
        }
        for (int c = 0; c < numClasses; c++) {
            sum[c] /= trees.size();
        }
        return sum;
    }

    /** Writes the fitted forest: class count, tree count, then each tree ({@link DecisionTree#writeTo}). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(numClasses);
        out.writeInt(trees.size());
        for (DecisionTree t : trees) {
            t.writeTo(out);
        }
    }

    /**
     * A forest as {@link #writeTo} wrote it, which predicts exactly as the written one.
     *
     * @throws IOException when the bytes are truncated or do not describe a forest, saying which
     */
    public static RandomForest readFrom(DataInput in) throws IOException {
        int classes = in.readInt();
        int count = in.readInt();
        if (classes < 1 || count < 1) {
            throw new IOException("not a fitted forest: " + classes + " classes, " + count + " trees");
        }
        List<DecisionTree> trees = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            DecisionTree t = DecisionTree.readFrom(in);
            if (t.numClasses() != classes) {
                throw new IOException("not a fitted forest: tree " + i + " has " + t.numClasses() + " classes, the"
                        + " forest " + classes);
            }
            trees.add(t);
        }
        return new RandomForest(trees, classes);
    }

    /** The trees, in seed order. */
    public List<DecisionTree> trees() {
        return List.copyOf(trees);
    }
}
