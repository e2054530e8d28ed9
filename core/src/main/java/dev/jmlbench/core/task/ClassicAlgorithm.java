package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A classic (non-network) learning algorithm with its hyper-parameters, written once as data. A task names
 * either a network ({@link TaskSpec#model()} with {@link TaskSpec#training()}) or one of these. Linear models
 * trained by SGD and MLPs are written as networks, so that every engine can run them; these records cover what
 * is not a network. Every record gives the hyper-parameters that decide the result, so that two engines that
 * accept the task fit the same model family with the same settings; what an engine cannot honour exactly it
 * must refuse in {@code supports}, with the reason.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClassicAlgorithm.Cart.class, name = "cart"),
        @JsonSubTypes.Type(value = ClassicAlgorithm.RandomForest.class, name = "random-forest"),
        @JsonSubTypes.Type(value = ClassicAlgorithm.XGBoost.class, name = "xgboost"),
        @JsonSubTypes.Type(value = ClassicAlgorithm.LibLinear.class, name = "liblinear")})
public sealed interface ClassicAlgorithm {

    /** Short name for people, e.g. "random forest". */
    @JsonIgnore
    String displayName();

    /**
     * One classification tree grown by CART: binary splits on a feature threshold chosen to minimise the Gini
     * impurity of the two children, over every feature at every node.
     *
     * @param maxDepth       deepest level a node may have (the root is depth 0), at least 1
     * @param minSamplesLeaf fewest training examples a leaf may hold, at least 1
     */
    record Cart(int maxDepth, int minSamplesLeaf) implements ClassicAlgorithm {
        public Cart {
            atLeast("maxDepth", maxDepth, 1);
            atLeast("minSamplesLeaf", minSamplesLeaf, 1);
        }

        @Override
        public String displayName() {
            return "CART tree";
        }
    }

    /**
     * A random forest: {@code trees} CART trees (Gini), each grown on a bootstrap sample of the training rows
     * (drawn with replacement, as many as there are rows) and choosing each split among a random
     * {@code featureFraction} of the features; the forest predicts the mean of the trees' class distributions.
     *
     * @param trees           number of trees, at least 1
     * @param maxDepth        deepest level of each tree, at least 1
     * @param minSamplesLeaf  fewest training examples a leaf may hold, at least 1
     * @param featureFraction fraction of the features tried at each split, in (0, 1]
     * @param seed            seed of the bootstrap samples and feature draws
     */
    record RandomForest(int trees, int maxDepth, int minSamplesLeaf, double featureFraction, long seed)
            implements ClassicAlgorithm {
        public RandomForest {
            atLeast("trees", trees, 1);
            atLeast("maxDepth", maxDepth, 1);
            atLeast("minSamplesLeaf", minSamplesLeaf, 1);
            if (!(featureFraction > 0 && featureFraction <= 1)) {
                throw new IllegalArgumentException("featureFraction must lie in (0, 1], got " + featureFraction);
            }
        }

        @Override
        public String displayName() {
            return "random forest";
        }
    }

    /**
     * Gradient-boosted trees as XGBoost grows them (softmax objective, one tree per class per round, histogram
     * split finding: {@code tree_method hist}).
     *
     * @param rounds    boosting rounds, at least 1
     * @param maxDepth  deepest level of each tree, at least 1
     * @param eta       shrinkage (learning rate), in (0, 1]
     * @param subsample fraction of rows drawn for each tree, in (0, 1]
     * @param lambda    L2 regularisation of the leaf weights, at least 0
     * @param seed      seed of the row sampling
     */
    record XGBoost(int rounds, int maxDepth, double eta, double subsample, double lambda, long seed)
            implements ClassicAlgorithm {
        public XGBoost {
            atLeast("rounds", rounds, 1);
            atLeast("maxDepth", maxDepth, 1);
            if (!(eta > 0 && eta <= 1) || !(subsample > 0 && subsample <= 1) || !(lambda >= 0)) {
                throw new IllegalArgumentException("xgboost needs eta and subsample in (0, 1] and lambda >= 0, got eta "
                        + eta + ", subsample " + subsample + ", lambda " + lambda);
            }
        }

        @Override
        public String displayName() {
            return "XGBoost";
        }
    }

    /**
     * L2-regularised logistic regression solved by LIBLINEAR (primal trust-region Newton, one-vs-rest).
     *
     * @param cost          inverse regularisation strength C, greater than 0
     * @param epsilon       stopping tolerance, greater than 0
     * @param maxIterations iteration cap, at least 1
     */
    record LibLinear(double cost, double epsilon, int maxIterations) implements ClassicAlgorithm {
        public LibLinear {
            if (!(cost > 0) || !(epsilon > 0)) {
                throw new IllegalArgumentException("liblinear needs cost > 0 and epsilon > 0, got " + cost + ", "
                        + epsilon);
            }
            atLeast("maxIterations", maxIterations, 1);
        }

        @Override
        public String displayName() {
            return "logistic regression (LIBLINEAR)";
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }
}
