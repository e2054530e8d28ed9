package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.MatmulKernel;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.task.TaskSpec;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The Deeplearning4j engine: nd4j-native loaded, float32 as nd4j's default type, thread budget applied.
 *
 * <p>nd4j is process-wide: the backend, its default data types, OpenBLAS and libnd4j thread settings are shared
 * by every engine opened in the JVM, and the last {@code open} sets them. Closing the engine leaves the native
 * libraries loaded (they cannot be unloaded).
 */
final class Dl4jEngine implements Engine {
    /** Class of the CUDA backend, present only when an nd4j-cuda build is on the class path. */
    private static final String CUDA_BACKEND_CLASS = "org.nd4j.linalg.jcublas.JCublasBackend";

    private final EngineInfo info;
    private final Nd4jThreads threads;
    private volatile boolean closed;

    private Dl4jEngine(EngineInfo info, Nd4jThreads threads) {
        this.info = info;
        this.threads = threads;
    }

    /** Loads the backend (any failure propagates to the provider, which explains it) and applies the budget. */
    static Dl4jEngine open(EngineConfig config) {
        String backend = Nd4j.getBackend().getClass().getSimpleName(); // loads libnd4j, OpenBLAS, libgomp
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        try (INDArray probe = Nd4j.create(new float[] {1f, 2f}, new long[] {1, 2}, 'c')) {
            if (probe.sumNumber().floatValue() != 3f) { // one real native op, not just class loading
                throw new IllegalStateException("nd4j-native computed 1 + 2 = " + probe.sumNumber());
            }
        }
        Nd4jThreads threads = Nd4jThreads.apply(config.threads());
        EngineInfo info = new EngineInfo(Dl4jEngineProvider.ID, Dl4jEngineProvider.DISPLAY_NAME, libraryVersion(),
                nativeVersion(backend), threads.applied(),
                List.of(DeviceStatus.available("cpu"), gpuStatus()));
        return new Dl4jEngine(info, threads);
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /**
     * See {@link Dl4jNetworkPlan#supports}: networks only (no classic algorithms), every layer kind but GRU,
     * softmax cross-entropy classifiers and mean-squared-error regression networks, every optimiser.
     */
    @Override
    public Support supports(TaskSpec task) {
        return Dl4jNetworkPlan.supports(task);
    }

    /**
     * nd4j's matrix multiply ({@code Nd4j.gemm}, OpenBLAS sgemm underneath) on n x n float32 arrays created once;
     * every run writes into the same result array.
     */
    @Override
    public Optional<MatmulKernel> matmul(int n, float[] a, float[] b) {
        if (closed) {
            throw new IllegalStateException("dl4j engine is closed");
        }
        return Optional.of(new Dl4jMatmul(n, a, b, threads));
    }

    @Override
    public Model build(TaskSpec task) {
        if (closed) {
            throw new IllegalStateException("dl4j engine is closed");
        }
        Support s = supports(task);
        if (!s.supported()) {
            throw new UnsupportedOperationException("dl4j engine cannot run task " + task.id() + ": " + s.reason());
        }
        threads.applyToCurrentThread();
        return new Dl4jModel(task, threads);
    }

    /** The thread settings this engine applies. */
    Nd4jThreads threads() {
        return threads;
    }

    /**
     * Marks the engine closed. Models free their own native memory when closed; nd4j's backend and native
     * libraries are process-wide and stay loaded.
     */
    @Override
    public void close() {
        closed = true;
    }

    /** "1.0.0-M2.1" when deeplearning4j-nn and nd4j-native agree (they are released together), else both. */
    private static String libraryVersion() {
        String dl4j = mavenVersion(MultiLayerNetwork.class, "org.deeplearning4j", "deeplearning4j-nn");
        String nd4j = mavenVersion(Nd4j.class, "org.nd4j", "nd4j-native");
        if (dl4j.equals(nd4j)) {
            return dl4j;
        }
        return "deeplearning4j-nn " + dl4j + ", nd4j-native " + nd4j;
    }

    /** libnd4j build (version, platform, compiler, features) and the BLAS it links. */
    private static String nativeVersion(String backend) {
        String nd4jNative = mavenVersion(Nd4j.class, "org.nd4j", "nd4j-native");
        String openblas = mavenVersion(Nd4j.class, "org.bytedeco", "openblas");
        String build = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        StringBuilder features = new StringBuilder();
        for (String line : build.split("\\R")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("STD version")) {
                continue;
            }
            if (features.length() > 0) {
                features.append(", ");
            }
            features.append(l.replace("\"", ""));
        }
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension",
                System.getProperty("javacpp.platform.extension", ""));
        return "libnd4j " + nd4jNative + " " + Loader.getPlatform() + extension + " (" + backend + "; "
                + features + ") with " + Nd4j.factory().blas().getBlasVendor() + " " + openblas;
    }

    private static DeviceStatus gpuStatus() {
        try {
            Class.forName(CUDA_BACKEND_CLASS, false, Nd4j.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return DeviceStatus.skipped("gpu", "no CUDA device / no nd4j-cuda build on the class path");
        }
        return DeviceStatus.skipped("gpu", "nd4j-cuda is on the class path, but the dl4j adapter runs the"
                + " nd4j-native CPU backend only (backend in use: " + Nd4j.getBackend().getClass().getSimpleName()
                + ")");
    }

    /** Version from the jar's Maven metadata, or "unknown (...)" when the jar carries none. */
    static String mavenVersion(Class<?> anchor, String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        ClassLoader loader = anchor.getClassLoader() != null ? anchor.getClassLoader()
                : ClassLoader.getSystemClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v.strip();
                }
            }
        } catch (IOException e) {
            // fall through to the package version
        }
        String v = anchor.getPackage() == null ? null : anchor.getPackage().getImplementationVersion();
        return v != null ? v : "unknown (no " + resource + " on the class path)";
    }
}
