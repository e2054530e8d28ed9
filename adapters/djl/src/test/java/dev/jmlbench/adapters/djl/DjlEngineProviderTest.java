package dev.jmlbench.adapters.djl;

import ai.djl.engine.EngineException;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The provider: registration, no DJL class reachable before open(), and the error when natives fail. */
class DjlEngineProviderTest {

    @Test
    void isRegisteredUnderItsId() {
        EngineProvider p = Engines.find("djl");
        assertTrue(p instanceof DjlEngineProvider);
        assertEquals("DJL (PyTorch engine)", p.displayName());
    }

    /**
     * The classes that run before the offline settings are applied must not name any DJL class: a reference in
     * their constant pool is what could make the JVM load (and, on first use, initialise) DJL early.
     */
    @Test
    void providerAndSettingsReferNoDjlClass() throws IOException {
        for (Class<?> c : new Class<?>[] {DjlEngineProvider.class, DjlSettings.class, DjlSettings.Applied.class,
                DjlBuildInfo.class}) {
            String resource = "/" + c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getResourceAsStream(resource)) {
                String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains("ai/djl/"), c.getName() + " refers to a DJL class");
            }
        }
    }

    /** The default build: DJL 0.36.0 with the CPU natives of PyTorch 2.7.1 (the gpu profile changes all three). */
    @Test
    void buildInfoNamesTheJarsOfTheBuild() {
        DjlBuildInfo build = DjlBuildInfo.current();
        if (build.nativeArtifact().equals("pytorch-native-cpu")) {
            assertEquals(new DjlBuildInfo("0.36.0", "2.7.1", "pytorch-native-cpu"), build);
            assertEquals("ai.djl.pytorch:pytorch-native-cpu:2.7.1:linux-x86_64", build.nativeCoordinates());
            assertEquals("ai.djl.pytorch:pytorch-jni:2.7.1-0.36.0", build.jniCoordinates());
        } else {
            assertEquals(new DjlBuildInfo("0.33.0", "2.5.1", "pytorch-native-cu124"), build);
        }
    }

    @Test
    void aFailedLoadSaysWhatFailedAndWhatToCheck() {
        DjlSettings.Applied settings = new DjlSettings.Applied(1, "/tmp/cache/djl", "set by the adapter");
        EngineException failure = new EngineException("Failed to load PyTorch native library",
                new UnsatisfiedLinkError("no djl_torch in java.library.path"));
        EngineUnavailableException e = DjlEngineProvider.unavailable(failure, settings);
        assertSame(failure, e.getCause());
        String m = e.getMessage();
        assertTrue(m.startsWith("PyTorch native library could not be loaded: EngineException: Failed to load"
                + " PyTorch native library <- caused by UnsatisfiedLinkError: no djl_torch in java.library.path"), m);
        DjlBuildInfo build = DjlBuildInfo.current();
        assertTrue(m.contains("ai.djl.pytorch:" + build.nativeArtifact() + ":" + build.pytorchVersion()
                + ":linux-x86_64"), m);
        assertTrue(m.contains("pytorch-jni:" + build.pytorchVersion() + "-" + build.djlVersion()), m);
        assertTrue(m.contains("/tmp/cache/djl"), m);
    }
}
