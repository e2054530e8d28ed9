package dev.jmlbench.adapters.tribuo;

import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.LinearParameters;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.SGD;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

import java.util.SplittableRandom;

/**
 * Tribuo's two linear SGD trainers, unchanged except for where training starts. Tribuo 4.3 starts every run from
 * the zero matrix that {@code AbstractLinearSGDTrainer.createParameters} makes; these subclasses override that
 * protected hook to start from a given weight matrix [outputs, features + 1] instead (zeros when none is given).
 * Everything else (batching, gradients, the optimiser step, the model built at the end) is Tribuo's own code.
 *
 * <p>This is what lets the adapter (a) train from the current parameters, as the {@code Model} contract asks,
 * (b) carry imported parameters in a real Tribuo model (a run of zero epochs from them), and (c) train epoch by
 * epoch: with shuffling off and a constant-rate SGD, E runs of one epoch, each from the previous run's weights,
 * do exactly the arithmetic of one E-epoch run (TribuoEpochByEpochTest checks the weights are bit-identical).
 */
final class ContinuingTrainers {
    private ContinuingTrainers() {
    }

    /** Multinomial logistic regression: {@code LogMulticlass} objective, constant-rate SGD, shuffling off. */
    static final class Classification extends org.tribuo.classification.sgd.linear.LinearSGDTrainer {
        private final DenseMatrix start;

        /**
         * @param learningRate Tribuo's SGD learning rate (already divided by B^2, see {@link SgdSchedule})
         * @param start        initial weights [labels, features + 1], or null for Tribuo's zeros
         */
        Classification(double learningRate, int epochs, int minibatchSize, long seed, DenseMatrix start) {
            super(new LogMulticlass(), SGD.getSimpleSGD(learningRate), epochs, -1, minibatchSize, seed);
            setShuffle(false);
            this.start = start == null ? null : start.copy();
        }

        @Override
        protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom localRNG) {
            return startingParameters(start, numFeatures, numOutputs, localRNG,
                    super.createParameters(numFeatures, numOutputs, localRNG));
        }
    }

    /** Linear regression: {@code SquaredLoss} objective, constant-rate SGD, shuffling off. */
    static final class Regression extends org.tribuo.regression.sgd.linear.LinearSGDTrainer {
        private final DenseMatrix start;

        /**
         * @param learningRate Tribuo's SGD learning rate (already scaled, see {@link SgdSchedule})
         * @param start        initial weights [dimensions, features + 1], or null for Tribuo's zeros
         */
        Regression(double learningRate, int epochs, int minibatchSize, long seed, DenseMatrix start) {
            super(new SquaredLoss(), SGD.getSimpleSGD(learningRate), epochs, -1, minibatchSize, seed);
            setShuffle(false);
            this.start = start == null ? null : start.copy();
        }

        @Override
        protected LinearParameters createParameters(int numFeatures, int numOutputs, SplittableRandom localRNG) {
            return startingParameters(start, numFeatures, numOutputs, localRNG,
                    super.createParameters(numFeatures, numOutputs, localRNG));
        }
    }

    private static LinearParameters startingParameters(DenseMatrix start, int numFeatures, int numOutputs,
                                                       SplittableRandom rng, LinearParameters tribuoDefault) {
        if (start == null) {
            return tribuoDefault;
        }
        if (start.getDimension1Size() != numOutputs || start.getDimension2Size() != numFeatures + 1) {
            throw new IllegalStateException("starting weights are [" + start.getDimension1Size() + ", "
                    + start.getDimension2Size() + "] but Tribuo trains [" + numOutputs + ", " + (numFeatures + 1)
                    + "] (outputs x features+bias)");
        }
        return new LinearParameters(start.copy());
    }
}
