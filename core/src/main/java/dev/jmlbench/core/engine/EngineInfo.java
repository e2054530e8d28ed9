package dev.jmlbench.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an opened engine is, recorded in every results file.
 *
 * @param id             engine id
 * @param displayName    name for people
 * @param libraryVersion version of the Java library (e.g. DJL 0.36.0)
 * @param nativeVersion  version of the native library it runs on (e.g. PyTorch 2.7.1), or "none"
 * @param threads        thread settings the engine applied, by name (e.g. OMP_NUM_THREADS, intra-op threads)
 * @param devices        devices and whether each is usable here
 */
public record EngineInfo(String id, String displayName, String libraryVersion, String nativeVersion,
                         Map<String, String> threads, List<DeviceStatus> devices) {
    public EngineInfo {
        threads = Collections.unmodifiableMap(new LinkedHashMap<>(threads));
        devices = List.copyOf(devices);
    }
}
