package dev.jmlbench.adapters.djl;

import ai.djl.Device;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DJL's PyTorch engine, opened. DJL keeps one PyTorch engine per process; this object records the settings it
 * runs with and the devices it can use (the GPU only with a CUDA build of libtorch and a device), builds models
 * (on the CPU through the SPI, on a given device through {@link #build(TaskSpec, Device)}) and offers PyTorch's
 * matrix multiply for roofline calibration. Closing it closes the models and kernel matrices it made that are
 * still open.
 */
final class DjlEngine implements Engine {
    /** DJL's name of the PyTorch engine. */
    static final String PYTORCH = "PyTorch";
    /** Why the GPU is skipped with the default (CPU) natives. */
    static final String NO_GPU_BUILD_REASON = "no GPU build of PyTorch on the class path (this libtorch has no"
            + " CUDA; build with -Pgpu for the CUDA 12.4 natives)";
    /** Why the GPU is skipped when the CUDA natives are there but no device is. */
    static final String NO_GPU_DEVICE_REASON = "CUDA build of PyTorch present, but no CUDA device is visible";

    static final String TORCH_INTRA_OP = "torch intra-op threads (at::get_num_threads)";
    static final String TORCH_INTER_OP = "torch inter-op threads (at::get_num_interop_threads)";
    static final String OMP_NUM_THREADS = "OMP_NUM_THREADS (environment, as seen by the JVM)";
    static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY (environment, as seen by the JVM)";
    /** oneDNN's instruction-set cap; the build sets AVX2 where cpuid hides the caches (see the root pom.xml). */
    static final String ONEDNN_MAX_CPU_ISA = "ONEDNN_MAX_CPU_ISA (environment, as seen by the JVM)";

    private final ai.djl.engine.Engine pytorch;
    private final DjlSettings.Applied settings;
    private final EngineInfo info;
    private final Set<DjlModel> openModels = ConcurrentHashMap.newKeySet();
    /** Holds the matrices of matmul kernels; made on first use. */
    private NDManager kernelManager;

    private DjlEngine(ai.djl.engine.Engine pytorch, DjlSettings.Applied settings, Map<String, String> threads) {
        this.pytorch = pytorch;
        this.settings = settings;
        List<DeviceStatus> devices = new ArrayList<>();
        devices.add(DeviceStatus.available("cpu"));
        devices.add(gpuStatus(pytorch.hasCapability(StandardCapabilities.CUDA), pytorch.getGpuCount()));
        this.info = new EngineInfo(DjlEngineProvider.ID, DjlEngineProvider.DISPLAY_NAME,
                "DJL " + ai.djl.engine.Engine.getDjlVersion(), PYTORCH + " " + pytorch.getVersion(), threads,
                devices);
    }

    /**
     * The GPU device: available only when the loaded libtorch is a CUDA build and sees a device. (DJL's
     * {@code getGpuCount()} already answers 0 for a CPU build; both are checked so that the reason names the
     * missing part.)
     */
    static DeviceStatus gpuStatus(boolean cudaBuild, int gpuCount) {
        if (!cudaBuild) {
            return DeviceStatus.skipped("gpu", NO_GPU_BUILD_REASON);
        }
        if (gpuCount < 1) {
            return DeviceStatus.skipped("gpu", NO_GPU_DEVICE_REASON);
        }
        return DeviceStatus.available("gpu");
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
        threads.put(ONEDNN_MAX_CPU_ISA, envOrUnset("ONEDNN_MAX_CPU_ISA"));
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

    /**
     * Every layer kind, activation and optimiser of the spec is translated exactly (see {@link DjlNetwork} and
     * {@link DjlOptimizer}). Refused: classic algorithms (trees, forests, boosting, LIBLINEAR: the adapter runs
     * networks only), softmax anywhere but the output layer, an Embedding that is not the first layer (its input must
     * be token indices), and an output layer or loss that does not fit the target: a classifier needs a Dense softmax
     * output layer and softmax cross-entropy, a regression network (RMSE or R2 target) a one-unit Dense output
     * layer with an element-wise activation and mean squared error.
     */
    @Override
    public Support supports(TaskSpec task) {
        if (!task.isNetwork()) {
            return Support.no("DJL has no " + task.algorithm().displayName() + "; the DJL adapter runs neural"
                    + " networks only");
        }
        List<LayerSpec> layers = task.model().layers();
        for (int i = 0; i < layers.size() - 1; i++) {
            if (layers.get(i) instanceof LayerSpec.Dense d && d.activation() == Activation.SOFTMAX) {
                return Support.no("layer " + i + " uses softmax; softmax is supported as the output activation"
                        + " only");
            }
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof LayerSpec.Embedding) {
                return Support.no("layer " + i + " is an Embedding; an Embedding reads token indices and is"
                        + " supported as the first layer only");
            }
        }
        LayerSpec last = layers.get(layers.size() - 1);
        Loss loss = task.training().loss();
        if (task.isRegression()) {
            if (!(last instanceof LayerSpec.Dense dense) || dense.units() != 1
                    || dense.activation() == Activation.SOFTMAX) {
                return Support.no("the output layer is " + last + "; a regression network needs a Dense output"
                        + " layer of 1 unit with an element-wise activation");
            }
            if (loss != Loss.MEAN_SQUARED_ERROR) {
                return Support.no("task " + task.id() + " has the regression target " + task.target().describe()
                        + " but trains with " + loss + "; the DJL adapter trains regression networks with"
                        + " MEAN_SQUARED_ERROR only");
            }
            return Support.yes();
        }
        if (!(last instanceof LayerSpec.Dense dense)) {
            return Support.no("the output layer is " + last + "; the DJL adapter trains classifiers whose output"
                    + " layer is a Dense layer with softmax");
        }
        if (dense.activation() != Activation.SOFTMAX) {
            return Support.no("the output layer uses " + dense.activation() + "; the DJL adapter trains"
                    + " classifiers with a softmax output layer only");
        }
        if (loss != Loss.SOFTMAX_CROSS_ENTROPY) {
            return Support.no("loss " + loss + " with the classification target " + task.target().describe()
                    + " is not translated to DJL: the adapter trains classifiers from class labels with"
                    + " SOFTMAX_CROSS_ENTROPY (MEAN_SQUARED_ERROR is for regression tasks, whose target is RMSE"
                    + " or R2)");
        }
        return Support.yes();
    }

    @Override
    public Model build(TaskSpec task) {
        Support support = supports(task);
        if (!support.supported()) {
            throw new UnsupportedOperationException("DJL cannot run task " + task.id() + ": " + support.reason());
        }
        return build(task, Device.cpu());
    }

    /** On the CPU, or on the GPU when {@link #info()} lists it as available (a CUDA libtorch and a device). */
    @Override
    public Model build(TaskSpec task, String device) {
        DeviceStatus status = device(device);
        if (!status.available()) {
            throw new UnsupportedOperationException("DJL cannot build on " + device + ": " + status.reason());
        }
        return "gpu".equals(device) ? build(task, Device.gpu()) : build(task);
    }

    /**
     * Builds the model of {@code task} on {@code device} (the SPI builds on the CPU; the GPU is reached here
     * when {@link #info()} lists it as available).
     */
    DjlModel build(TaskSpec task, Device device) {
        Support support = supports(task);
        if (!support.supported()) {
            throw new UnsupportedOperationException("DJL cannot run task " + task.id() + ": " + support.reason());
        }
        DjlModel model = new DjlModel(task, pytorch.getEngineName(), device, openModels::remove);
        openModels.add(model);
        return model;
    }

    /** PyTorch's float32 matrix multiply on the CPU, with A and B created once. */
    @Override
    public Optional<MatmulKernel> matmul(int n, float[] a, float[] b) {
        synchronized (this) {
            if (kernelManager == null) {
                kernelManager = pytorch.newBaseManager(Device.cpu());
            }
            return Optional.of(new DjlMatmulKernel(kernelManager, n, a, b));
        }
    }

    /**
     * Closes the models built here that are still open and the matrices of matmul kernels; DJL's PyTorch engine
     * itself lives for the process.
     */
    @Override
    public void close() {
        for (DjlModel model : List.copyOf(openModels)) {
            model.close();
        }
        synchronized (this) {
            if (kernelManager != null) {
                kernelManager.close();
                kernelManager = null;
            }
        }
    }
}
