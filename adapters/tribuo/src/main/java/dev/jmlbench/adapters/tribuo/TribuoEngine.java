package dev.jmlbench.adapters.tribuo;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.Initializer;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;
import org.tribuo.Tribuo;

import java.util.List;
import java.util.Map;

/**
 * The opened Tribuo engine. It runs exactly one kind of task: multinomial logistic regression (one Dense layer
 * with softmax, softmax cross-entropy, plain SGD) from zero weights; see the package documentation for why.
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

    @Override
    public EngineInfo info() {
        return new EngineInfo(TribuoEngineProvider.ID, TribuoEngineProvider.DISPLAY_NAME, tribuoVersion(),
                "none (pure Java)",
                Map.of("Tribuo SGD threads", "1 (LinearSGDTrainer trains and its model predicts on the calling"
                                + " thread; Tribuo has no thread setting for them)",
                        "thread budget", Integer.toString(config.threads())),
                List.of(DeviceStatus.available("cpu"),
                        DeviceStatus.skipped("gpu", "Tribuo's linear SGD is CPU-only")));
    }

    @Override
    public Support supports(TaskSpec task) {
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
        if (dense.activation() != Activation.SOFTMAX) {
            return Support.no("Tribuo's LinearSGDTrainer with the LogMulticlass objective is multinomial logistic"
                    + " regression: the layer's activation must be SOFTMAX, not " + dense.activation());
        }
        if (task.training().loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("Tribuo's LogMulticlass objective is the softmax cross-entropy; loss "
                    + task.training().loss() + " is not supported");
        }
        if (!(task.training().optimizer() instanceof OptimizerSpec.Sgd)) {
            return Support.no("only plain SGD (Tribuo's constant-learning-rate SGD) is supported, not "
                    + task.training().optimizer());
        }
        if (task.training().initializer() != Initializer.ZEROS) {
            return Support.no("Tribuo's SGD trainers always start from zero weights"
                    + " (AbstractLinearSGDTrainer.createParameters); initializer " + task.training().initializer()
                    + " cannot be honoured");
        }
        return Support.yes();
    }

    @Override
    public Model build(TaskSpec task) {
        Support s = supports(task);
        if (!s.supported()) {
            throw new UnsupportedOperationException("tribuo engine cannot run task " + task.id() + ": "
                    + s.reason());
        }
        return new TribuoModel(task);
    }

    @Override
    public void close() {
        // pure Java: nothing to free
    }
}
