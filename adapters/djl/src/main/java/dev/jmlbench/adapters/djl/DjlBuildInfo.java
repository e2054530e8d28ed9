package dev.jmlbench.adapters.djl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The DJL, PyTorch and native library versions this adapter was built against, from the Maven-filtered
 * {@code build.properties} beside this class ({@code 0.36.0}, {@code 2.7.1}, {@code pytorch-native-cpu} by
 * default; the {@code gpu} profile's CUDA combination with {@code -Pgpu}). Plain Java: refers to no DJL class.
 *
 * @param djlVersion     DJL's version
 * @param pytorchVersion the PyTorch (libtorch) version of the native jar
 * @param nativeArtifact the artifact id of the native jar, e.g. {@code pytorch-native-cpu}
 */
record DjlBuildInfo(String djlVersion, String pytorchVersion, String nativeArtifact) {
    private static final String RESOURCE = "build.properties";

    /** The versions of this build. */
    static DjlBuildInfo current() {
        Properties p = new Properties();
        try (InputStream in = DjlBuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + DjlBuildInfo.class.getName()
                        + " (the adapter jar is incomplete)");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " of the DJL adapter", e);
        }
        return new DjlBuildInfo(p.getProperty("djl.version"), p.getProperty("pytorch.version"),
                p.getProperty("native.artifact"));
    }

    /** Maven coordinates of the native jar, {@code groupId:artifactId:version:classifier}. */
    String nativeCoordinates() {
        return "ai.djl.pytorch:" + nativeArtifact + ":" + pytorchVersion + ":linux-x86_64";
    }

    /** Maven coordinates of the JNI jar, {@code groupId:artifactId:version}. */
    String jniCoordinates() {
        return "ai.djl.pytorch:pytorch-jni:" + pytorchVersion + "-" + djlVersion;
    }
}
