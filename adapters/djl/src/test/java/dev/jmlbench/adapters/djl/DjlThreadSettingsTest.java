package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** open() applies the thread budget to PyTorch and records what it applied, with versions and devices. */
class DjlThreadSettingsTest {
    private static Engine open(int threads) throws EngineUnavailableException {
        return Engines.find("djl").open(new EngineConfig(threads, Path.of("target", "native-cache")));
    }

    @Test
    void appliesAndRecordsTheThreadBudget() throws EngineUnavailableException {
        try (Engine engine = open(1)) {
            Map<String, String> t = engine.info().threads();
            assertEquals("1", System.getProperty(DjlSettings.NUM_THREADS));
            assertEquals("1", System.getProperty(DjlSettings.NUM_INTEROP_THREADS));
            assertEquals("1", t.get(DjlSettings.NUM_THREADS));
            assertEquals("1", t.get(DjlSettings.NUM_INTEROP_THREADS));
            assertEquals("1", t.get(DjlEngine.TORCH_INTRA_OP), "torch's own report of its intra-op threads");
            assertEquals("1", t.get(DjlEngine.TORCH_INTER_OP), "torch's own report of its inter-op threads");
            String omp = System.getenv("OMP_NUM_THREADS");
            assertEquals(omp == null ? "unset" : omp, t.get(DjlEngine.OMP_NUM_THREADS));
            String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
            assertEquals(isa == null ? "unset" : isa, t.get(DjlEngine.ONEDNN_MAX_CPU_ISA));
            System.out.println("[djl threads] " + t);
        }
    }

    @Test
    void theBuildCapsOneDnnAtAvx2WhereCpuidHidesTheCaches() {
        // Where Linux lists no cache (cpuid's cache leaves are empty), PyTorch's oneDNN AVX-512 kernels give wrong
        // LSTM outputs (DjlLayerOracleTest fails by 0.22); the root pom's profile sets the cap for test JVMs.
        assumeTrue(!Files.exists(Path.of("/sys/devices/system/cpu/cpu0/cache/index0")),
                "this machine lists its caches: oneDNN runs uncapped");
        assertEquals("AVX2", System.getenv("ONEDNN_MAX_CPU_ISA"),
                "the onednn-avx2-without-cache-topology profile of the root pom.xml should have set it");
    }

    @Test
    void aLaterBudgetResetsIntraOpThreadsAndReportsTheFixedInterOpPool() throws EngineUnavailableException {
        try (Engine first = open(1)) {
            assertEquals("1", first.info().threads().get(DjlEngine.TORCH_INTRA_OP));
        }
        try (Engine two = open(2)) {
            Map<String, String> t = two.info().threads();
            assertEquals("2", t.get(DjlSettings.NUM_THREADS));
            assertEquals("2", t.get(DjlEngine.TORCH_INTRA_OP));
            // PyTorch cannot resize its inter-op pool once the engine is loaded: reported, not hidden
            assertTrue(t.get(DjlEngine.TORCH_INTER_OP).startsWith("1 (requested 2;"), t.get(DjlEngine.TORCH_INTER_OP));
        } finally {
            try (Engine back = open(1)) {
                assertEquals("1", back.info().threads().get(DjlEngine.TORCH_INTRA_OP));
            }
        }
    }

    @Test
    void recordsOfflineSettingsVersionsAndDevices() throws EngineUnavailableException {
        try (Engine engine = open(1)) {
            assertEquals("true", System.getProperty(DjlSettings.OFFLINE));
            assertEquals("true", System.getProperty(DjlSettings.OPT_OUT_TRACKING));
            assertTrue(ai.djl.util.Utils.isOfflineMode());
            EngineInfo info = engine.info();
            assertEquals("djl", info.id());
            assertEquals("DJL (PyTorch engine)", info.displayName());
            DjlBuildInfo build = DjlBuildInfo.current();
            assertEquals("DJL " + build.djlVersion(), info.libraryVersion(), "the DJL the pom names is loaded");
            assertEquals("PyTorch " + build.pytorchVersion(), info.nativeVersion(), "the libtorch the pom names");
            assertTrue(info.devices().contains(DeviceStatus.available("cpu")));
            DeviceStatus gpu = info.devices().stream().filter(d -> d.device().equals("gpu")).findFirst().orElseThrow();
            ai.djl.engine.Engine pytorch = ai.djl.engine.Engine.getEngine("PyTorch");
            assertEquals(DjlEngine.gpuStatus(pytorch.hasCapability(ai.djl.engine.StandardCapabilities.CUDA),
                    pytorch.getGpuCount()), gpu);
            if (!pytorch.hasCapability(ai.djl.engine.StandardCapabilities.CUDA)) {
                // the default build: CPU natives, whatever hardware the machine has
                assertFalse(gpu.available());
                assertEquals(DjlEngine.NO_GPU_BUILD_REASON, gpu.reason());
            }
            DjlSettings.Applied applied = ((DjlEngine) engine).settings();
            assertEquals(1, applied.threads());
            assertFalse(applied.cacheDir().isBlank());
            System.out.println("[djl info] " + info + "; native cache " + applied.cacheDir() + " ("
                    + applied.cacheSource() + ")");
        }
    }

    /** The GPU is offered only for a CUDA build of libtorch that sees a device; otherwise the reason names what is missing. */
    @Test
    void gpuIsOfferedOnlyWithACudaBuildAndADevice() {
        assertEquals(DeviceStatus.skipped("gpu", DjlEngine.NO_GPU_BUILD_REASON), DjlEngine.gpuStatus(false, 0));
        assertEquals(DeviceStatus.skipped("gpu", DjlEngine.NO_GPU_BUILD_REASON), DjlEngine.gpuStatus(false, 2));
        assertEquals(DeviceStatus.skipped("gpu", DjlEngine.NO_GPU_DEVICE_REASON), DjlEngine.gpuStatus(true, 0));
        assertEquals(DeviceStatus.available("gpu"), DjlEngine.gpuStatus(true, 1));
    }
}
