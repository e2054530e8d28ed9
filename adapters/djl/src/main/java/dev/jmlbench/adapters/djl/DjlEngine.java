package dev.jmlbench.adapters.djl;

import ai.djl.pytorch.jni.JniUtils;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DJL's PyTorch engine, opened. DJL keeps one PyTorch engine per process; this object records the settings it
 * runs with and builds models. Closing it closes the models it built that are still open.
 */
final class DjlEngine implements Engine {
    /** DJL's name of the PyTorch engine. */
    static final String PYTORCH = "PyTorch";
    static final String NO_GPU_REASON = "no CUDA device / no GPU build of PyTorch on the class path";

    static final String TORCH_INTRA_OP = "torch intra-op threads (at::get_num_threads)";
    static final String TORCH_INTER_OP = "torch inter-op threads (at::get_num_interop_threads)";
    static final String OMP_NUM_THREADS = "OMP_NUM_THREADS (environment, as seen by the JVM)";
    static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY (environment, as seen by the JVM)";

    private final ai.djl.engine.Engine pytorch;
    private final DjlSettings.Applied settings;
    private final EngineInfo info;
    private final Set<DjlModel> openModels = ConcurrentHashMap.newKeySet();

    private DjlEngine(ai.djl.engine.Engine pytorch, DjlSettings.Applied settings, Map<String, String> threads) {
        this.pytorch = pytorch;
        this.settings = settings;
        List<DeviceStatus> devices = new ArrayList<>();
        devices.add(DeviceStatus.available("cpu"));
        int gpus = pytorch.getGpuCount();
        devices.add(gpus > 0 ? DeviceStatus.available("gpu") : DeviceStatus.skipped("gpu", NO_GPU_REASON));
        this.info = new EngineInfo(DjlEngineProvider.ID, DjlEngineProvider.DISPLAY_NAME,
                "DJL " + ai.djl.engine.Engine.getDjlVersion(), PYTORCH + " " + pytorch.getVersion(), threads,
                devices);
    }

    /**
     * Loads the PyTorch engine (the settings must already be applied) and makes sure its thread pools follow
     * the budget.
     */
    static DjlEngine open(DjlSettings.Applied settings) {
        ai.djl.engine.Engine pytorch = ai.djl.engine.Engine.getEngine(PYTORCH);
        return new DjlEngine(pytorch, settings, applyThreads(settings.threads()));
    }

    /**
     * PyTorch read the thread properties when DJL created its engine, the first time in this process. When an
     * earlier open in this JVM used another budget, the intra-op count is set again here; the inter-op pool
     * cannot be resized once set (PyTorch refuses), so it is reported as it is.
     */
    private static Map<String, String> applyThreads(int requested) {
        if (JniUtils.getNumThreads() != requested) {
            JniUtils.setNumThreads(requested);
        }
        int intra = JniUtils.getNumThreads();
        int inter = JniUtils.getNumInteropThreads();
        Map<String, String> threads = new LinkedHashMap<>();
        threads.put(DjlSettings.NUM_THREADS, System.getProperty(DjlSettings.NUM_THREADS));
        threads.put(DjlSettings.NUM_INTEROP_THREADS, System.getProperty(DjlSettings.NUM_INTEROP_THREADS));
        threads.put(TORCH_INTRA_OP, Integer.toString(intra));
        threads.put(TORCH_INTER_OP, inter == requested ? Integer.toString(inter)
                : inter + " (requested " + requested + "; PyTorch fixes its inter-op pool once per process, when"
                + " the engine is first loaded)");
        threads.put(OMP_NUM_THREADS, envOrUnset("OMP_NUM_THREADS"));
        threads.put(OMP_WAIT_POLICY, envOrUnset("OMP_WAIT_POLICY"));
        return threads;
    }

    private static String envOrUnset(String name) {
        String value = System.getenv(name);
        return value == null ? "unset" : value;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /** The settings applied before the engine was loaded. */
    DjlSettings.Applied settings() {
        return settings;
    }

    @Override
    public Support supports(TaskSpec task) {
        List<LayerSpec> layers = task.model().layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof LayerSpec.Dense)) {
                return Support.no("layer " + i + " (" + layers.get(i) + ") is not translated to DJL yet; only"
                        + " Dense layers are");
            }
        }
        for (int i = 0; i < layers.size() - 1; i++) {
            if (((LayerSpec.Dense) layers.get(i)).activation() == Activation.SOFTMAX) {
                return Support.no("layer " + i + " uses softmax; softmax is supported as the output activation"
                        + " only");
            }
        }
        LayerSpec.Dense last = (LayerSpec.Dense) layers.get(layers.size() - 1);
        if (last.activation() != Activation.SOFTMAX) {
            return Support.no("the output layer uses " + last.activation() + "; the DJL adapter trains"
                    + " classifiers with a softmax output layer only");
        }
        if (task.training().loss() != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("loss " + task.training().loss() + " is not translated to DJL yet; only"
                    + " SOFTMAX_CROSS_ENTROPY is");
        }
        if (!(task.training().optimizer() instanceof OptimizerSpec.Sgd)) {
            return Support.no("optimizer " + task.training().optimizer() + " is not translated to DJL yet; only"
                    + " plain SGD is");
        }
        return Support.yes();
    }

    @Override
    public Model build(TaskSpec task) {
        Support support = supports(task);
        if (!support.supported()) {
            throw new UnsupportedOperationException("DJL cannot run task " + task.id() + ": " + support.reason());
        }
        DjlModel model = new DjlModel(task, pytorch.getEngineName(), openModels::remove);
        openModels.add(model);
        return model;
    }

    /** Closes the models built here that are still open; DJL's PyTorch engine itself lives for the process. */
    @Override
    public void close() {
        for (DjlModel model : List.copyOf(openModels)) {
            model.close();
        }
    }
}
