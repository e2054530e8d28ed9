package dev.jmlbench.adapters.dl4j;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;

import java.nio.file.Path;

/**
 * Registers the Deeplearning4j engine with the harness, under the id {@code dl4j}.
 *
 * <p>Cheap to instantiate: this class refers to no DL4J or nd4j class, so nothing native is loaded before
 * {@link #open}. Opening loads the nd4j-native backend (libnd4j, OpenBLAS, the bundled libgomp), which JavaCPP
 * unpacks into {@code <nativeCacheDir>/javacpp} unless {@value #JAVACPP_CACHE_PROPERTY} is already set.
 */
public final class Dl4jEngineProvider implements EngineProvider {
    /** Engine id used on the command line and in results. */
    public static final String ID = "dl4j";
    static final String DISPLAY_NAME = "Deeplearning4j (nd4j-native)";
    /** System property naming the folder where JavaCPP unpacks native libraries. */
    static final String JAVACPP_CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    /**
     * Loads nd4j-native and applies the thread budget.
     *
     * @throws EngineUnavailableException when the native backend cannot be loaded, saying what failed and what to
     *                                    check
     */
    @Override
    public Engine open(EngineConfig config) throws EngineUnavailableException {
        Path cache = config.nativeCacheDir().resolve("javacpp").toAbsolutePath();
        if (System.getProperty(JAVACPP_CACHE_PROPERTY) == null) {
            System.setProperty(JAVACPP_CACHE_PROPERTY, cache.toString());
        }
        try {
            return Dl4jEngine.open(config);
        } catch (Throwable t) {
            // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError (after a failed static
            // initialiser), or nd4j's own RuntimeException("ND4J is probably missing dependencies ...").
            throw unavailable(t, System.getProperty(JAVACPP_CACHE_PROPERTY));
        }
    }

    /** The exception for a native backend that failed to load: what failed, the cause chain, what to check. */
    static EngineUnavailableException unavailable(Throwable cause, String javacppCacheDir) {
        String message = "nd4j-native for linux-x86_64 could not be loaded: " + describe(cause)
                + "; check that org.nd4j:nd4j-native:1.0.0-M2.1 with classifier linux-x86_64 (and"
                + " org.bytedeco:openblas with the same classifier) is on the class path, that this machine is"
                + " linux-x86_64 (here: " + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + "), and that the JavaCPP cache folder " + javacppCacheDir + " is writable";
        return new EngineUnavailableException(message, cause);
    }

    /** "Type: message" of the throwable and of every cause below it, outermost first. */
    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable current = t;
        int depth = 0;
        while (current != null && depth < 8) {
            if (depth > 0) {
                sb.append(" <- caused by ");
            }
            sb.append(current.getClass().getName());
            if (current.getMessage() != null) {
                sb.append(": ").append(current.getMessage());
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
            depth++;
        }
        return sb.toString();
    }

    @Override
    public boolean offersMatmul() {
        return true;
    }
}
