package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.ClassicAlgorithm;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.ensemble.BaggingTrainer;

import java.util.Optional;

/**
 * The Tribuo trainer of each classic algorithm, and what of an algorithm's spec Tribuo cannot honour exactly.
 *
 * <ul>
 *   <li><b>CART</b>: {@code CARTClassificationTrainer} with {@code GiniIndex}, {@code maxDepth}, every feature at
 *       every split, no random split points, no minimum impurity decrease. Tribuo's root has depth 0 and a node at
 *       depth {@code maxDepth} is a leaf, as in the spec. Tribuo's {@code minChildWeight} is <em>not</em> a minimum
 *       leaf size: a node lighter than it is not split further, but a split may leave a child with fewer examples
 *       (it is scikit-learn's {@code min_samples_split}). With {@code minSamplesLeaf = 1} the two agree (every
 *       split leaves at least one example on each side), so the adapter sets {@code minChildWeight = 1} and
 *       refuses {@code minSamplesLeaf > 1}.</li>
 *   <li><b>Random forest</b>: {@code RandomForestTrainer} (a {@code BaggingTrainer}: bootstrap samples as large as
 *       the training set, drawn with replacement from the seed) over that CART trainer with
 *       {@code fractionFeaturesInSplit = featureFraction} (Tribuo tries {@code round(featureFraction * features)}
 *       features per split, drawn from the seed), combined by {@code FullyWeightedVotingCombiner}: the mean of the
 *       trees' class distributions. With {@code featureFraction = 1} it is a plain {@code BaggingTrainer}
 *       (Tribuo's random forest insists on a fraction below 1). Trees are grown one after the other: Tribuo has no
 *       thread setting for bagging.</li>
 *   <li><b>XGBoost</b>: {@code XGBoostClassificationTrainer} (objective {@code multi:softprob}, booster
 *       {@code gbtree}, {@code tree_method hist}: histogram split finding, XGBoost 2's default; the exact method
 *       took 19 min for mnist-xgboost here) with rounds, {@code max_depth}, {@code eta}, {@code subsample},
 *       {@code lambda} and {@code seed} from the spec, XGBoost's defaults elsewhere ({@code gamma 0},
 *       {@code min_child_weight 1}, {@code colsample_bytree 1}, {@code alpha 0}), {@code nthread} = the thread
 *       budget, native logging silent.</li>
 *   <li><b>LIBLINEAR</b>: {@code LibLinearClassificationTrainer} with {@code L2R_LR} (L2-regularised logistic
 *       regression, primal trust-region Newton, one-vs-rest), cost C, the spec's epsilon as LIBLINEAR's stopping
 *       tolerance ({@code terminationCriterion}) and {@code maxIterations}; Tribuo adds LIBLINEAR's bias feature
 *       (bias 1).</li>
 * </ul>
 */
final class ClassicTrainers {
    private ClassicTrainers() {
    }

    /** Whether Tribuo runs {@code algorithm} exactly as specified. */
    static Support supports(ClassicAlgorithm algorithm) {
        if (algorithm instanceof ClassicAlgorithm.Cart c && c.minSamplesLeaf() != 1) {
            return minLeafRefusal(c.minSamplesLeaf());
        }
        if (algorithm instanceof ClassicAlgorithm.RandomForest rf && rf.minSamplesLeaf() != 1) {
            return minLeafRefusal(rf.minSamplesLeaf());
        }
        if (algorithm instanceof ClassicAlgorithm.XGBoost) {
            Optional<String> reason = XGBoostNative.unavailableReason();
            if (reason.isPresent()) {
                return Support.no("XGBoost cannot run here: " + reason.get());
            }
        }
        return Support.yes();
    }

    private static Support minLeafRefusal(int minSamplesLeaf) {
        return Support.no("Tribuo's CART has no minimum leaf size: its minChildWeight only stops splitting nodes"
                + " lighter than it (scikit-learn's min_samples_split), so minSamplesLeaf " + minSamplesLeaf
                + " cannot be honoured; only minSamplesLeaf 1 is supported");
    }

    /**
     * Tribuo's trainer for {@code algorithm}.
     *
     * @param features number of input features (to check the random forest's features per split)
     * @param threads  the engine's thread budget (XGBoost's {@code nthread})
     */
    static Trainer<Label> trainer(ClassicAlgorithm algorithm, int features, int threads) {
        if (algorithm instanceof ClassicAlgorithm.Cart c) {
            return cart(c.maxDepth(), 1.0f, Trainer.DEFAULT_SEED);
        }
        if (algorithm instanceof ClassicAlgorithm.RandomForest rf) {
            float fraction = (float) rf.featureFraction();
            int perSplit = Math.min(Math.round(fraction * features), features);
            if (perSplit < 1) {
                throw new IllegalArgumentException("random forest featureFraction " + rf.featureFraction() + " of "
                        + features + " features rounds to " + perSplit + " features per split in Tribuo; use a"
                        + " fraction of at least " + (0.5 / features));
            }
            CARTClassificationTrainer tree = cart(rf.maxDepth(), fraction, rf.seed());
            return fraction == 1.0f
                    ? new BaggingTrainer<>(tree, new FullyWeightedVotingCombiner(), rf.trees(), rf.seed())
                    : new RandomForestTrainer<>(tree, new FullyWeightedVotingCombiner(), rf.trees(), rf.seed());
        }
        if (algorithm instanceof ClassicAlgorithm.XGBoost x) {
            return xgboost(x, threads);
        }
        if (algorithm instanceof ClassicAlgorithm.LibLinear l) {
            return new LibLinearClassificationTrainer(
                    new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), l.cost(),
                    l.maxIterations(), l.epsilon(), Trainer.DEFAULT_SEED);
        }
        throw new IllegalArgumentException("no Tribuo trainer for " + algorithm);
    }

    private static CARTClassificationTrainer cart(int maxDepth, float fractionFeaturesInSplit, long seed) {
        return new CARTClassificationTrainer(maxDepth, 1.0f, 0.0f, fractionFeaturesInSplit, false, new GiniIndex(),
                seed);
    }

    private static Trainer<Label> xgboost(ClassicAlgorithm.XGBoost x, int threads) {
        return new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE, XGBoostTrainer.TreeMethod.HIST,
                x.rounds(), x.eta(), 0.0, x.maxDepth(), 1.0, x.subsample(), 1.0, x.lambda(), 0.0, threads,
                XGBoostTrainer.LoggingVerbosity.SILENT, x.seed());
    }

    /** How the model's class probabilities come about, for provenance. */
    static String probabilities(ClassicAlgorithm algorithm) {
        if (algorithm instanceof ClassicAlgorithm.Cart) {
            return "class fractions of the training examples in the leaf reached (Tribuo's leaf scores)";
        }
        if (algorithm instanceof ClassicAlgorithm.RandomForest) {
            return "mean over the trees of each tree's leaf class fractions (Tribuo's FullyWeightedVotingCombiner)";
        }
        if (algorithm instanceof ClassicAlgorithm.XGBoost) {
            return "softmax of the summed tree outputs per class (XGBoost objective multi:softprob)";
        }
        return "LIBLINEAR's one-vs-rest probabilities: the logistic of each class's decision value, normalised to"
                + " sum to 1 (Linear.predictProbability)";
    }

    /** What the trainer keeps in the Java heap, for an out-of-memory message. */
    static String memoryHint(ClassicAlgorithm algorithm) {
        if (algorithm instanceof ClassicAlgorithm.XGBoost) {
            return "Tribuo builds XGBoost's DMatrix from lists of boxed Float values and Integer indices: about 40"
                    + " bytes per feature value on top of the examples (MNIST's 60000 x 784 values need about 4 GiB"
                    + " in all).";
        }
        return "Tribuo holds the examples (one double and one name reference per feature value) and, for trees,"
                + " an inverted copy of every feature.";
    }

    /** Threads the trainer uses, for people. */
    static String threads(ClassicAlgorithm algorithm, int threads) {
        if (algorithm instanceof ClassicAlgorithm.XGBoost) {
            return threads + " (XGBoost nthread, training and prediction)";
        }
        if (algorithm instanceof ClassicAlgorithm.RandomForest) {
            return "1 (Tribuo's BaggingTrainer grows the trees one after the other; it has no thread setting)";
        }
        return "1 (Tribuo's " + (algorithm instanceof ClassicAlgorithm.Cart ? "CART trainer" : "LIBLINEAR port")
                + " runs on the calling thread; it has no thread setting)";
    }
}
