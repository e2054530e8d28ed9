package dev.jmlbench.reference;

import dev.jmlbench.core.data.LabeledData;
import dev.jmlbench.core.data.RegressionData;
import dev.jmlbench.core.engine.EpochListener;
import dev.jmlbench.core.engine.FittedHeader;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.TrainingLog;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reference.classic.DecisionTree;
import dev.jmlbench.reference.classic.RandomForest;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference engine's model of a classic-algorithm task: a CART tree ({@link ClassicAlgorithm.Cart}) or a
 * random forest ({@link ClassicAlgorithm.RandomForest}), fitted by {@link #train} and predicting class
 * probabilities (a tree: the class frequencies of the leaf; a forest: the mean over its trees).
 *
 * <p>The mapping of the task's hyper-parameters: {@code maxDepth} and {@code minSamplesLeaf} as they are; a CART
 * tree tries every feature at every split; a forest tries
 * {@code featuresPerSplit = max(1, round(featureFraction * features))} features drawn afresh at every split, grows
 * each tree on a bootstrap sample of as many rows as the training data has (drawn with replacement), seeds every
 * tree from the task's {@code seed} and the tree's index alone, and fits on the engine's thread budget (the
 * result does not depend on it).
 *
 * <p>There are no canonical parameters: {@link #exportParameters} gives an empty set, and only an empty set may
 * be imported; the fitted tree or forest moves between processes through {@link #saveFitted} and
 * {@link #restoreFitted}.
 * There are no epochs: {@link #train(LabeledData, EpochListener)} fits in one go and never calls the
 * listener. Every call of {@link #train} fits a new model from scratch.
 */
final class ClassicModel implements Model {
    private final TaskSpec task;
    private final ClassicAlgorithm algorithm;
    private final int threads;
    private DecisionTree tree;
    private RandomForest forest;
    private int numFeatures;

    /**
     * @param task    a classic-algorithm task whose algorithm is CART or a random forest
     * @param threads threads a random forest may grow its trees on, at least 1
     */
    ClassicModel(TaskSpec task, int threads) {
        if (!(task.algorithm() instanceof ClassicAlgorithm.Cart || task.algorithm() instanceof ClassicAlgorithm.RandomForest)) {
            throw new IllegalArgumentException("task " + task.id() + " is not a CART or random forest task: "
                    + task.learnerName());
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.task = task;
        this.algorithm = task.algorithm();
        this.threads = threads;
    }

    /** Accepts only an empty parameter set (a classic model has no canonical parameters); a no-op. */
    @Override
    public void importParameters(Parameters parameters) {
        if (!parameters.tensors().isEmpty()) {
            throw new IllegalArgumentException("the " + algorithm.displayName() + " of task " + task.id()
                    + " has no canonical parameters (it is fitted by train), so it cannot import "
                    + parameters.tensors().size() + " tensors " + parameters.tensors().keySet()
                    + "; import an empty Parameters or none at all");
        }
    }

    /** An empty parameter set: trees have no parameters in the canonical layout. */
    @Override
    public Parameters exportParameters() {
        return new Parameters(Map.of());
    }

    @Override
    public TrainingLog train(LabeledData train) {
        float[][] x = train.features();
        int[] y = train.labels();
        int width = train.numFeatures();
        if (algorithm instanceof ClassicAlgorithm.Cart cart) {
            DecisionTree fitted = DecisionTree.fit(x, y, train.numClasses(),
                    new DecisionTree.Params(cart.maxDepth(), cart.minSamplesLeaf(), 0), 0);
            tree = fitted;
            forest = null;
        } else {
            ClassicAlgorithm.RandomForest rf = (ClassicAlgorithm.RandomForest) algorithm;
            RandomForest fitted = RandomForest.fit(x, y, train.numClasses(), forestParams(rf, width), rf.seed(),
                    threads);
            forest = fitted;
            tree = null;
        }
        numFeatures = width;
        return new TrainingLog(List.of());
    }

    /** The forest's hyper-parameters for data of {@code width} features. */
    static RandomForest.Params forestParams(ClassicAlgorithm.RandomForest rf, int width) {
        return new RandomForest.Params(rf.trees(), new DecisionTree.Params(rf.maxDepth(), rf.minSamplesLeaf(),
                featuresPerSplit(rf.featureFraction(), width)), 1.0);
    }

    /** {@code max(1, round(featureFraction * features))}. */
    static int featuresPerSplit(double featureFraction, int features) {
        return (int) Math.max(1, Math.round(featureFraction * features));
    }

    /** Marks the reference engine's fitted-model format ("JMLC"), followed by its version. */
    private static final int FITTED_MAGIC = 0x4a4d4c43;
    private static final int FITTED_VERSION = 1;

    /**
     * The fitted tree or forest: magic, version, the algorithm's display name, the input width, then the tree
     * ({@link DecisionTree#writeTo}) or the forest ({@link RandomForest#writeTo}). Empty before {@link #train}.
     */
    @Override
    public Optional<byte[]> saveFitted() {
        if (tree == null && forest == null) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = FittedHeader.write(bytes, FITTED_MAGIC, FITTED_VERSION, algorithm.displayName())) {
            out.writeInt(numFeatures);
            if (tree != null) {
                tree.writeTo(out);
            } else {
                forest.writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fitted " + algorithm.displayName() + " to memory", e);
        }
        return Optional.of(bytes.toByteArray());
    }

    /**
     * Restores a tree or forest {@link #saveFitted} wrote for a task of the same algorithm.
     *
     * @throws IllegalArgumentException when the bytes are not the reference engine's fitted model, are of another
     *                                  algorithm, or are truncated or inconsistent, saying which
     */
    @Override
    public void restoreFitted(byte[] fitted) {
        String what = "the fitted " + algorithm.displayName() + " of task " + task.id();
        try (DataInputStream in = FittedHeader.read(fitted, FITTED_MAGIC, FITTED_VERSION, algorithm.displayName(), what,
                "the reference engine's fitted model")) {
            int width = in.readInt();
            DecisionTree restoredTree = null;
            RandomForest restoredForest = null;
            int maxFeature;
            if (algorithm instanceof ClassicAlgorithm.Cart) {
                restoredTree = DecisionTree.readFrom(in);
                maxFeature = restoredTree.maxFeature();
            } else {
                restoredForest = RandomForest.readFrom(in);
                maxFeature = restoredForest.trees().stream().mapToInt(DecisionTree::maxFeature).max().orElse(-1);
            }
            if (width < 1 || maxFeature >= width) {
                throw new IllegalArgumentException(what + " cannot be restored: a split reads feature " + maxFeature
                        + " of inputs " + width + " wide");
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException(what + " cannot be restored: bytes follow the model");
            }
            tree = restoredTree;
            forest = restoredForest;
            numFeatures = width;
        } catch (IOException e) {
            throw FittedHeader.unreadable(what, e);
        }
    }

    /** Classic models are classifiers: a regression is refused. */
    @Override
    public TrainingLog trainRegression(RegressionData train, EpochListener listener) {
        throw new UnsupportedOperationException("task " + task.id() + " fits a " + algorithm.displayName()
                + " classifier; the reference engine trains regression only as networks with MEAN_SQUARED_ERROR");
    }

    /**
     * Hyper-parameters as the engine applied them and, once trained, the size of the fitted model: node count
     * (leaves included; a forest: summed over its trees) and depth (of the deepest leaf, the root at 0; a forest:
     * the deepest over its trees).
     */
    @Override
    public Map<String, String> provenance() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("algorithm", algorithm.displayName());
        p.put("split criterion", "gini");
        if (algorithm instanceof ClassicAlgorithm.Cart cart) {
            p.put("maxDepth", Integer.toString(cart.maxDepth()));
            p.put("minSamplesLeaf", Integer.toString(cart.minSamplesLeaf()));
            p.put("featuresPerSplit", "all");
        } else {
            ClassicAlgorithm.RandomForest rf = (ClassicAlgorithm.RandomForest) algorithm;
            p.put("trees", Integer.toString(rf.trees()));
            p.put("maxDepth", Integer.toString(rf.maxDepth()));
            p.put("minSamplesLeaf", Integer.toString(rf.minSamplesLeaf()));
            p.put("featureFraction", Double.toString(rf.featureFraction()));
            if (forest != null) {
                p.put("featuresPerSplit", Integer.toString(featuresPerSplit(rf.featureFraction(), numFeatures)));
            }
            p.put("bootstrap", "with replacement, as many rows as the training data");
            p.put("seed", Long.toString(rf.seed()));
            p.put("threads", Integer.toString(threads));
        }
        if (tree != null) {
            p.put("nodeCount", Integer.toString(tree.nodeCount()));
            p.put("depth", Integer.toString(tree.depth()));
        } else if (forest != null) {
            long nodes = 0;
            int depth = 0;
            for (DecisionTree t : forest.trees()) {
                nodes += t.nodeCount();
                depth = Math.max(depth, t.depth());
            }
            p.put("nodeCount", Long.toString(nodes));
            p.put("depth", Integer.toString(depth));
        }
        return p;
    }

    /**
     * Class probabilities, one row per example.
     *
     * @throws IllegalStateException    before the model was trained
     * @throws IllegalArgumentException when a row's width differs from the training data's, naming both
     */
    @Override
    public float[][] predict(float[][] features) {
        if (tree == null && forest == null) {
            throw new IllegalStateException("the " + algorithm.displayName() + " of task " + task.id()
                    + " has not been trained; call train before predict");
        }
        float[][] out = new float[features.length][];
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != numFeatures) {
                throw new IllegalArgumentException("input row " + i + " has " + features[i].length
                        + " features, the " + algorithm.displayName() + " of task " + task.id()
                        + " was trained on " + numFeatures);
            }
            out[i] = tree != null ? tree.predict(features[i]) : forest.predict(features[i]);
        }
        return out;
    }

    @Override
    public void close() {
        // plain Java: nothing to free
    }
}
