package dev.jmlbench.adapters.tribuo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/**
 * Whether XGBoost's native library loads in this JVM. xgboost4j carries {@code libxgboost4j.so} inside its jar and
 * extracts it to {@code java.io.tmpdir} when its JNI class initialises (it needs the system's OpenMP runtime,
 * {@code libgomp.so.1}); nothing is downloaded. A failure is caught once and turned into a reason, so that
 * {@code supports} refuses XGBoost tasks instead of the JVM failing in the middle of a run.
 */
final class XGBoostNative {
    /** The class whose static initialiser loads the native library. */
    static final String JNI_CLASS = "ml.dmlc.xgboost4j.java.XGBoostJNI";

    private static Optional<String> unavailable;

    private XGBoostNative() {
    }

    /** Empty when the library loaded; else why not. Loads it on the first call. */
    static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = probe(JNI_CLASS);
        }
        return unavailable;
    }

    /** Initialises {@code className}; empty when that worked, else the reason for people. */
    static Optional<String> probe(String className) {
        try {
            Class.forName(className, true, XGBoostNative.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("xgboost4j is not on the class path (" + className + " is missing); add"
                    + " org.tribuo:tribuo-classification-xgboost");
        } catch (UnsatisfiedLinkError e) {
            return Optional.of("its native library does not load on " + platform() + ": " + e.getMessage()
                    + " (it needs the OpenMP runtime libgomp.so.1; install it, e.g. apt-get install libgomp1)");
        } catch (LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Optional.of("its native library does not load on " + platform() + ": " + cause);
        }
    }

    /** Version of xgboost4j on the class path (its {@code xgboost4j-version.properties}), or "unknown". */
    static String version() {
        ClassLoader loader = XGBoostNative.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream("xgboost4j-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String platform() {
        return System.getProperty("os.name") + "/" + System.getProperty("os.arch");
    }
}
