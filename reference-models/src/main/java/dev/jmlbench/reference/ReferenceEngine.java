package dev.jmlbench.reference;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.MatmulKernel;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.Activation;
import dev.jmlbench.core.task.LayerSpec;
import dev.jmlbench.core.task.Loss;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reference.gemm.Gemm;
import dev.jmlbench.reference.gemm.GemmMatmulKernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The pure-Java reference engine. */
final class ReferenceEngine implements Engine {
    static final String ID = "reference";

    @Override
    public EngineInfo info() {
        String version = ReferenceEngine.class.getPackage().getImplementationVersion();
        return new EngineInfo(ID, ReferenceEngineProvider.DISPLAY_NAME, version == null ? "dev" : version,
                "none (pure Java " + System.getProperty("java.version") + ")",
                threadSettings(),
                List.of(DeviceStatus.available("cpu"),
                        DeviceStatus.skipped("gpu", "the reference engine is CPU-only by design")));
    }

    /**
     * Yes for every model the layer library builds, trained with softmax cross-entropy (the model must end in a
     * Dense SOFTMAX layer) by SGD, momentum or Adam. No for the mean squared error (the loss is implemented and
     * gradient-checked, but {@link Model#train} takes class labels, so no task can train with it yet) and for an
     * embedding that is not the first layer.
     */
    /**
     * What the engine runs on: matrix products (convolution via im2col, dense and recurrent layers) use the GEMM
     * thread budget; everything else runs on the calling thread.
     */
    private static Map<String, String> threadSettings() {
        Map<String, String> threads = new java.util.LinkedHashMap<>();
        threads.put("gemm threads", Integer.toString(Gemm.threads()));
        threads.put("gemm kernel", Gemm.description());
        threads.put("other layer work", "the calling thread");
        return threads;
    }

    @Override
    public Support supports(TaskSpec task) {
        List<LayerSpec> layers = task.model().layers();
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Embedding) {
                return Support.no("layer " + i + " is an Embedding: the reference engine needs the embedding to be"
                        + " the first layer (token indices have no gradient to pass back)");
            }
        }
        if (task.training().loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("loss " + task.training().loss() + " needs a regression path: Model.train takes class"
                    + " labels, so the reference engine trains with SOFTMAX_CROSS_ENTROPY only");
        }
        LayerSpec last = layers.get(layers.size() - 1);
        if (!(last instanceof LayerSpec.Dense dense && dense.activation() == Activation.SOFTMAX)) {
            return Support.no("softmax cross-entropy needs a Dense SOFTMAX output layer; the last layer is " + last);
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
