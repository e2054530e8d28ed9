package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;

/**
 * Registers DJL with its PyTorch engine under the id {@code djl}.
 *
 * <p>This class refers to no DJL class, so finding and instantiating it loads nothing of DJL. {@link #open}
 * first applies {@link DjlSettings} (offline, no telemetry, native cache folder, PyTorch thread counts) and only
 * then loads the PyTorch engine: DJL's Engine class calls home over HTTP while it initialises unless those
 * settings are already in place.
 */
public final class DjlEngineProvider implements EngineProvider {
    /** The engine id. */
    public static final String ID = "djl";
    static final String DISPLAY_NAME = "DJL (PyTorch engine)";

    /** What to check when the natives fail to load, naming the jars of this build. */
    static String classPathHint() {
        DjlBuildInfo build = DjlBuildInfo.current();
        return "check that " + build.nativeCoordinates() + " and " + build.jniCoordinates() + " are on the class"
                + " path (DJL must not download them: it runs offline)";
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String displayName() {
        return DISPLAY_NAME;
    }

    /**
     * Applies the offline, cache and thread settings, then loads the PyTorch engine.
     *
     * @throws EngineUnavailableException when DJL or the PyTorch natives cannot be loaded, saying what failed
     *                                    and what to check
     */
    @Override
    public Engine open(EngineConfig config) throws EngineUnavailableException {
        DjlSettings.Applied settings = DjlSettings.apply(config);
        try {
            return DjlEngine.open(settings);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            // UnsatisfiedLinkError, ai.djl.engine.EngineException, NoClassDefFoundError, ServiceConfigurationError...
            throw unavailable(e, settings);
        }
    }

    /** The error for a failed load: what failed (the cause chain) and what to check. */
    static EngineUnavailableException unavailable(Throwable e, DjlSettings.Applied settings) {
        return new EngineUnavailableException("PyTorch native library could not be loaded: " + describe(e)
                + "; " + classPathHint() + "; native cache folder: " + settings.cacheDir() + " ("
                + settings.cacheSource() + ")", e);
    }

    /** The chain of causes, each as {@code Type: message}. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Throwable t = e;
        for (int depth = 0; t != null && depth < 6; depth++) {
            if (depth > 0) {
                sb.append(" <- caused by ");
            }
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                sb.append(": ").append(t.getMessage());
            }
            if (t.getCause() == t) {
                break;
            }
            t = t.getCause();
        }
        return sb.toString();
    }

    @Override
    public boolean offersMatmul() {
        return true;
    }
}
