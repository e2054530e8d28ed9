package dev.jmlbench.reference;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.OptimizerSpec;
import dev.jmlbench.core.task.TaskSpec;

import java.util.List;
import java.util.Map;

/** The pure-Java reference engine. */
final class ReferenceEngine implements Engine {
    static final String ID = "reference";

    @Override
    public EngineInfo info() {
        String version = ReferenceEngine.class.getPackage().getImplementationVersion();
        return new EngineInfo(ID, ReferenceEngineProvider.DISPLAY_NAME, version == null ? "dev" : version,
                "none (pure Java " + System.getProperty("java.version") + ")",
                Map.of("compute threads", "1 (this engine is single-threaded so far)"),
                List.of(DeviceStatus.available("cpu"),
                        DeviceStatus.skipped("gpu", "the reference engine is CPU-only by design")));
    }

    @Override
    public Support supports(TaskSpec task) {
        List<LayerSpec> layers = task.model().layers();
        for (LayerSpec layer : layers) {
            if (!(layer instanceof LayerSpec.Dense)) {
                return Support.no("layer " + layer + " is not implemented in the reference engine yet");
            }
        }
        if (task.training().loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("loss " + task.training().loss() + " is not implemented in the reference engine yet");
        }
        LayerSpec.Dense last = (LayerSpec.Dense) layers.get(layers.size() - 1);
        if (last.activation() != Activation.SOFTMAX) {
            return Support.no("softmax cross-entropy needs a softmax output layer");
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            if (((LayerSpec.Dense) layers.get(i)).activation() == Activation.SOFTMAX) {
                return Support.no("softmax is supported as the output activation only");
            }
        }
        if (!(task.training().optimizer() instanceof OptimizerSpec.Sgd)) {
            return Support.no("optimizer " + task.training().optimizer() + " is not implemented yet");
        }
        return Support.yes();
    }

    @Override
    public Model build(TaskSpec task) {
        Support s = supports(task);
        if (!s.supported()) {
            throw new UnsupportedOperationException("reference engine cannot run task " + task.id() + ": "
                    + s.reason());
        }
        return new ReferenceModel(task);
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
