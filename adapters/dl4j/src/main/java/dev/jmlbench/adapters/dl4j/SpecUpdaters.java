package dev.jmlbench.adapters.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * nd4j updaters that compute the optimisers exactly as {@link dev.jmlbench.core.task.OptimizerSpec} states them,
 * where nd4j's own differ (see {@link Dl4jNetworkPlan#updater}). DL4J calls {@link GradientUpdater#applyUpdater}
 * with the mini-batch-mean gradient of a block of parameters and then subtracts what the updater left in the
 * gradient array from the parameters; the updater's state lives in a view array DL4J allocates and owns.
 */
final class SpecUpdaters {
    private SpecUpdaters() {
    }

    /** Heavy-ball momentum in PyTorch's form: {@code v = momentum v + g}, {@code w -= lr v}, from {@code v = 0}. */
    static final class HeavyBall implements IUpdater {
        private double learningRate;
        private double momentum;

        /** For DL4J's JSON (de)serialisation of configurations. */
        HeavyBall() {
        }

        HeavyBall(double learningRate, double momentum) {
            this.learningRate = learningRate;
            this.momentum = momentum;
        }

        public double getLearningRate() {
            return learningRate;
        }

        public double getMomentum() {
            return momentum;
        }

        @Override
        public long stateSize(long numParams) {
            return numParams;
        }

        @Override
        public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
            Updater u = new Updater(this);
            u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
            return u;
        }

        @Override
        public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
            Updater u = new Updater(this);
            u.setState(state, initializeStateArrays);
            return u;
        }

        @Override
        public HeavyBall clone() {
            return new HeavyBall(learningRate, momentum);
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return learningRate;
        }

        @Override
        public boolean hasLearningRate() {
            return true;
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
            if (lrSchedule != null) {
                throw new UnsupportedOperationException("the task spec has no learning-rate schedules");
            }
            this.learningRate = lr;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HeavyBall h && h.learningRate == learningRate && h.momentum == momentum;
        }

        @Override
        public int hashCode() {
            return Objects.hash(learningRate, momentum);
        }

        @Override
        public String toString() {
            return "HeavyBall(lr=" + learningRate + ", momentum=" + momentum + ")";
        }

        /** The state (velocity) of one block of parameters. */
        static final class Updater implements GradientUpdater<HeavyBall> {
            private final HeavyBall config;
            private INDArray velocity;

            Updater(HeavyBall config) {
                this.config = config;
            }

            @Override
            public HeavyBall getConfig() {
                return config;
            }

            @Override
            public void setState(Map<String, INDArray> state, boolean initialize) {
                velocity = state.get("V");
                if (velocity == null) {
                    throw new IllegalStateException("heavy-ball momentum state needs 'V', got " + state.keySet());
                }
                if (initialize) {
                    velocity.assign(0);
                }
            }

            @Override
            public Map<String, INDArray> getState() {
                return Map.of("V", velocity);
            }

            @Override
            public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                                          boolean initialize) {
                if (initialize) {
                    viewArray.assign(0);
                }
                velocity = viewArray.reshape(gradientOrder, gradientShape);
            }

            @Override
            public void applyUpdater(INDArray gradient, int iteration, int epoch) {
                if (velocity == null) {
                    throw new IllegalStateException("heavy-ball momentum updater has no state array");
                }
                velocity.muli(config.momentum).addi(gradient);
                gradient.assign(velocity).muli(config.learningRate);
            }
        }
    }

    /**
     * Adam with bias correction and epsilon outside the square root of the corrected second moment:
     * {@code w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)}, {@code t} counting steps from 1.
     */
    static final class SpecAdam implements IUpdater {
        private double learningRate;
        private double beta1;
        private double beta2;
        private double epsilon;

        /** For DL4J's JSON (de)serialisation of configurations. */
        SpecAdam() {
        }

        SpecAdam(double learningRate, double beta1, double beta2, double epsilon) {
            this.learningRate = learningRate;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilon = epsilon;
        }

        public double getLearningRate() {
            return learningRate;
        }

        public double getBeta1() {
            return beta1;
        }

        public double getBeta2() {
            return beta2;
        }

        public double getEpsilon() {
            return epsilon;
        }

        @Override
        public long stateSize(long numParams) {
            return 2 * numParams;
        }

        @Override
        public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
            Updater u = new Updater(this);
            long[] gradientShape = viewArray.shape().clone(); // the view holds m then v: half of it per moment
            gradientShape[gradientShape.length - 1] /= 2;
            u.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
            return u;
        }

        @Override
        public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
            Updater u = new Updater(this);
            u.setState(state, initializeStateArrays);
            return u;
        }

        @Override
        public SpecAdam clone() {
            return new SpecAdam(learningRate, beta1, beta2, epsilon);
        }

        @Override
        public double getLearningRate(int iteration, int epoch) {
            return learningRate;
        }

        @Override
        public boolean hasLearningRate() {
            return true;
        }

        @Override
        public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
            if (lrSchedule != null) {
                throw new UnsupportedOperationException("the task spec has no learning-rate schedules");
            }
            this.learningRate = lr;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SpecAdam a && a.learningRate == learningRate && a.beta1 == beta1 && a.beta2 == beta2
                    && a.epsilon == epsilon;
        }

        @Override
        public int hashCode() {
            return Objects.hash(learningRate, beta1, beta2, epsilon);
        }

        @Override
        public String toString() {
            return "SpecAdam(lr=" + learningRate + ", beta1=" + beta1 + ", beta2=" + beta2 + ", epsilon=" + epsilon
                    + ")";
        }

        /** The moments of one block of parameters. */
        static final class Updater implements GradientUpdater<SpecAdam> {
            private final SpecAdam config;
            private INDArray m;
            private INDArray v;

            Updater(SpecAdam config) {
                this.config = config;
            }

            @Override
            public SpecAdam getConfig() {
                return config;
            }

            @Override
            public void setState(Map<String, INDArray> state, boolean initialize) {
                m = state.get("M");
                v = state.get("V");
                if (m == null || v == null) {
                    throw new IllegalStateException("Adam state needs 'M' and 'V', got " + state.keySet());
                }
                if (initialize) {
                    m.assign(0);
                    v.assign(0);
                }
            }

            @Override
            public Map<String, INDArray> getState() {
                return Map.of("M", m, "V", v);
            }

            @Override
            public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder,
                                          boolean initialize) {
                if (initialize) {
                    viewArray.assign(0);
                }
                long half = viewArray.length() / 2;
                INDArray flat = viewArray.reshape(viewArray.ordering(), 1, viewArray.length());
                m = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, half)).reshape(gradientOrder, gradientShape);
                v = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(half, 2 * half))
                        .reshape(gradientOrder, gradientShape);
            }

            @Override
            public void applyUpdater(INDArray gradient, int iteration, int epoch) {
                if (m == null) {
                    throw new IllegalStateException("Adam updater has no state array");
                }
                int t = iteration + 1;
                double b1 = config.beta1;
                double b2 = config.beta2;
                INDArray g1 = gradient.mul(1 - b1);
                m.muli(b1).addi(g1);
                INDArray g2 = gradient.mul(gradient).muli(1 - b2);
                v.muli(b2).addi(g2);
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                INDArray denominator = Transforms.sqrt(v.div(c2), false).addi(config.epsilon);
                gradient.assign(m).divi(c1).divi(denominator).muli(config.learningRate);
                close(g1);
                close(g2);
                close(denominator);
            }

            private static void close(INDArray a) {
                if (a.closeable()) {
                    a.close();
                }
            }
        }
    }
}
