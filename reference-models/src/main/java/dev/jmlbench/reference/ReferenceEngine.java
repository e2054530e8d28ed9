package dev.jmlbench.reference;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.MatmulKernel;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reference.gemm.Gemm;
import dev.jmlbench.reference.gemm.GemmMatmulKernel;
import dev.jmlbench.reference.nn.Network;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pure-Java reference engine. */
final class ReferenceEngine implements Engine {
    static final String ID = "reference";

    /** Threads of the engine's own pools (the random forest's); the GEMM has its own setting. */
    private final int threads;

    /** An engine whose pools use as many threads as the GEMM currently does. */
    ReferenceEngine() {
        this(Gemm.threads());
    }

    /** An engine whose pools (the random forest's) use {@code threads} threads, at least 1. */
    ReferenceEngine(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("thread budget must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public EngineInfo info() {
        String version = ReferenceEngine.class.getPackage().getImplementationVersion();
        return new EngineInfo(ID, ReferenceEngineProvider.DISPLAY_NAME, version == null ? "dev" : version,
                "none (pure Java " + System.getProperty("java.version") + ")",
                threadSettings(threads),
                List.of(DeviceStatus.available("cpu"),
                        DeviceStatus.skipped("gpu", "the reference engine is CPU-only by design")));
    }

    /**
     * What the engine runs on: matrix products (convolution via im2col, dense and recurrent layers) use the GEMM
     * thread budget; a random forest grows its trees on the engine's own pool; everything else runs on the calling
     * thread.
     */
    private static Map<String, String> threadSettings(int forestThreads) {
        Map<String, String> threads = new java.util.LinkedHashMap<>();
        threads.put("gemm threads", Integer.toString(Gemm.threads()));
        threads.put("gemm kernel", Gemm.description());
        threads.put("other layer work", "the calling thread");
        threads.put("random forest threads", Integer.toString(forestThreads));
        return threads;
    }

    /**
     * Classic algorithms: yes for CART and random forests ({@link ClassicModel}), no for XGBoost and LIBLINEAR.
     * Networks: yes for every model the layer library builds ({@link Network#builds}: Dense, Conv2D, Conv1D, pooling,
     * Flatten, Dropout, Embedding, SimpleRNN, LSTM, GRU; an embedding only as the first layer), trained by
     * SGD, momentum or Adam with softmax cross-entropy (classification: the model must end in a Dense SOFTMAX
     * layer) or with the mean squared error (regression: the task's target is RMSE or R2 and the model has one
     * output, not a softmax). The mean squared error with a classification target is refused.
     */
    @Override
    public Support supports(TaskSpec task) {
        if (!task.isNetwork()) {
            return supportsClassic(task.algorithm());
        }
        List<LayerSpec> layers = task.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!Network.builds(layers.get(i))) {
                return Support.no("layer " + i + " is a " + layers.get(i).getClass().getSimpleName() + ": the"
                        + " reference engine's layer library has no such layer");
            }
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Embedding) {
                return Support.no("layer " + i + " is an Embedding: the reference engine needs the embedding to be"
                        + " the first layer (token indices have no gradient to pass back)");
            }
        }
        LayerSpec last = layers.get(layers.size() - 1);
        Loss loss = task.training().loss();
        if (loss == Loss.MEAN_SQUARED_ERROR) {
            if (!task.isRegression()) {
                return Support.no("loss MEAN_SQUARED_ERROR trains a regression, but the target is "
                        + task.target().describe() + "; classify with SOFTMAX_CROSS_ENTROPY or state an RMSE or R2"
                        + " target");
            }
            if (task.model().outputSize() != 1) {
                return Support.no("a regression network here predicts one value per example (trainRegression takes"
                        + " one target per example), but the model has " + task.model().outputSize() + " outputs");
            }
            if (last instanceof LayerSpec.Dense dense && dense.activation() == Activation.SOFTMAX) {
                return Support.no("a regression network cannot end in a SOFTMAX layer (one softmax output is always"
                        + " 1); use IDENTITY");
            }
            return Support.yes();
        }
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("loss " + loss + " is not implemented by the reference engine (it trains with"
                    + " SOFTMAX_CROSS_ENTROPY or MEAN_SQUARED_ERROR)");
        }
        if (task.isRegression()) {
            return Support.no("softmax cross-entropy trains a classifier, but the target is "
                    + task.target().describe());
        }
        if (!(last instanceof LayerSpec.Dense dense && dense.activation() == Activation.SOFTMAX)) {
            return Support.no("softmax cross-entropy needs a Dense SOFTMAX output layer; the last layer is " + last);
        }
        return Support.yes();
    }

    private static Support supportsClassic(ClassicAlgorithm algorithm) {
        if (algorithm instanceof ClassicAlgorithm.Cart || algorithm instanceof ClassicAlgorithm.RandomForest) {
            return Support.yes();
        }
        if (algorithm instanceof ClassicAlgorithm.XGBoost) {
            return Support.no("the reference engine has no gradient boosting: it implements CART trees and random"
                    + " forests only, so it cannot grow XGBoost's boosted trees (softmax objective, leaf weights"
                    + " with L2 regularisation)");
        }
        if (algorithm instanceof ClassicAlgorithm.LibLinear) {
            return Support.no("the reference engine has no LIBLINEAR solver (trust-region Newton on the"
                    + " L2-regularised primal); its logistic regression is the network task trained by SGD (a Dense"
                    + " SOFTMAX layer, e.g. digits-logreg)");
        }
        return Support.no("the reference engine does not implement " + algorithm.displayName());
    }

    /**
     * A {@link ClassicModel} for a classic-algorithm task (a random forest grows its trees on the engine's thread
     * budget), else a {@link ReferenceModel}.
     *
     * @throws UnsupportedOperationException naming the task and the reason when {@link #supports} says no
     */
    @Override
    public Model build(TaskSpec task) {
        Support s = supports(task);
        if (!s.supported()) {
            throw new UnsupportedOperationException("reference engine cannot run task " + task.id() + ": "
                    + s.reason());
        }
        return task.isNetwork() ? new ReferenceModel(task) : new ClassicModel(task, threads);
    }

    /** {@code C = A B} on the engine's GEMM ({@link Gemm#description()}) with the thread budget it opened with. */
    @Override
    public Optional<MatmulKernel> matmul(int n, float[] a, float[] b) {
        return Optional.of(new GemmMatmulKernel(n, a, b));
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
