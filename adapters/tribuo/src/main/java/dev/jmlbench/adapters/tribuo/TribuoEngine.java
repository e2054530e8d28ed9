package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;
import org.tribuo.Tribuo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The opened Tribuo engine. It runs multinomial logistic regression (one Dense SOFTMAX layer, softmax
 * cross-entropy, plain SGD), linear regression (one Dense(1, IDENTITY) layer, mean squared error, plain SGD) and
 * the classic algorithms CART, random forest, XGBoost and LIBLINEAR logistic regression; see the package
 * documentation for how each maps onto Tribuo and what is refused.
 */
final class TribuoEngine implements Engine {
    /** Tribuo major.minor whose SGD update rule this adapter was checked against (see the package docs). */
    static final int VERIFIED_MAJOR = 4;
    static final int VERIFIED_MINOR = 3;

    private final EngineConfig config;

    TribuoEngine(EngineConfig config) {
        this.config = config;
    }

    /**
     * Version of the Tribuo jar on the class path. {@code Tribuo.VERSION} is a compile-time constant that javac
     * copies into this class, so the version is rebuilt from the fields Tribuo computes when it loads.
     */
    static String tribuoVersion() {
        String v = Tribuo.MAJOR_VERSION + "." + Tribuo.MINOR_VERSION + "." + Tribuo.POINT_VERSION;
        return Tribuo.TAG_VERSION == null || Tribuo.TAG_VERSION.isEmpty() ? v : v + "-" + Tribuo.TAG_VERSION;
    }

    /** The native library in use: XGBoost's, when it loaded. */
    static String nativeVersion() {
        Optional<String> xgboost = XGBoostNative.unavailableReason();
        return xgboost.isEmpty()
                ? "XGBoost " + XGBoostNative.version() + " (xgboost4j, native library from its jar); the rest is pure"
                        + " Java (LIBLINEAR: the de.bwaldvogel Java port)"
                : "none (pure Java; XGBoost unavailable: " + xgboost.get() + ")";
    }

    @Override
    public EngineInfo info() {
        Map<String, String> threads = new LinkedHashMap<>();
        threads.put("thread budget", Integer.toString(config.threads()));
        threads.put("Tribuo SGD threads", "1 (LinearSGDTrainer trains and its model predicts on the calling"
                + " thread; Tribuo has no thread setting for them)");
        threads.put("XGBoost nthread", config.threads() + " (training and prediction)");
        threads.put("CART and LIBLINEAR threads", "1 (the calling thread; no thread setting)");
        threads.put("random forest threads", "1 (Tribuo's BaggingTrainer grows the trees one after the other; no"
                + " thread setting)");
        threads.put("epoch listener", "SGD tasks: called after every epoch; each epoch is one Tribuo run starting"
                + " from the previous run's weights, bit-identical to one multi-epoch run (each run converts the"
                + " examples to Tribuo's vectors again). Classic algorithms: one Tribuo call, never called");
        return new EngineInfo(TribuoEngineProvider.ID, TribuoEngineProvider.DISPLAY_NAME, tribuoVersion(),
                nativeVersion(), threads,
                List.of(DeviceStatus.available("cpu"),
                        DeviceStatus.skipped("gpu", "Tribuo's trainers used here are CPU-only (the xgboost4j jar is"
                                + " its CPU build)")));
    }

    @Override
    public Support supports(TaskSpec task) {
        if (!task.isNetwork()) {
            return ClassicTrainers.supports(task.algorithm());
        }
        if (Tribuo.MAJOR_VERSION != VERIFIED_MAJOR || Tribuo.MINOR_VERSION != VERIFIED_MINOR) {
            return Support.no("the adapter maps the recipe onto Tribuo " + VERIFIED_MAJOR + "." + VERIFIED_MINOR
                    + "'s mini-batch SGD update rule, but Tribuo " + tribuoVersion() + " is on the class path");
        }
        List<LayerSpec> layers = task.model().layers();
        if (layers.size() != 1) {
            return Support.no("Tribuo's linear SGD trains a single linear layer; hidden layers are not supported"
                    + " (the task has " + layers.size() + " layers)");
        }
        if (!(layers.get(0) instanceof LayerSpec.Dense dense)) {
            return Support.no("Tribuo's linear SGD trains a single Dense layer, not " + layers.get(0));
        }
        if (!(task.training().optimizer() instanceof OptimizerSpec.Sgd)) {
            return Support.no("only plain SGD (Tribuo's constant-learning-rate SGD) is supported, not "
                    + task.training().optimizer());
        }
        Loss loss = task.training().loss();
        if (loss == Loss.SOFTMAX_CROSS_ENTROPY) {
            if (dense.activation() != Activation.SOFTMAX) {
                return Support.no("Tribuo's LinearSGDTrainer with the LogMulticlass objective is multinomial"
                        + " logistic regression: the layer's activation must be SOFTMAX, not " + dense.activation());
            }
            return Support.yes();
        }
        if (loss == Loss.MEAN_SQUARED_ERROR) {
            if (dense.activation() != Activation.IDENTITY || dense.units() != 1) {
                return Support.no("Tribuo's regression LinearSGDTrainer with SquaredLoss is linear regression with"
                        + " one output: the layer must be Dense(1, IDENTITY), not Dense(" + dense.units() + ", "
                        + dense.activation() + ")");
            }
            return Support.yes();
        }
        return Support.no("loss " + loss + " is not supported: Tribuo's linear SGD here trains softmax"
                + " cross-entropy (LogMulticlass) or mean squared error (SquaredLoss)");
    }

    @Override
    public Model build(TaskSpec task) {
        Support s = supports(task);
        if (!s.supported()) {
            throw new UnsupportedOperationException("tribuo engine cannot run task " + task.id() + ": "
                    + s.reason());
        }
        if (!task.isNetwork()) {
            return new TribuoClassicModel(task, config.threads());
        }
        return task.training().loss() == Loss.MEAN_SQUARED_ERROR ? new TribuoRegressionModel(task)
                : new TribuoModel(task);
    }

    @Override
    public void close() {
        // Tribuo and xgboost4j keep nothing open between calls (XGBoost's boosters are freed with their models)
    }
}
