package dev.jmlbench.core.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine and JVM a run was measured on.
 *
 * @param cpuModel       CPU model name
 * @param cpuFlags       the CPU's vector-relevant feature flags (sse4_2, avx2, fma, avx512f, ...)
 * @param logicalCores   cores the JVM sees
 * @param memoryBytes    physical memory
 * @param os             operating system name, version and architecture
 * @param jvm            JVM vendor, name and version
 * @param jvmFlags       JVM input arguments
 * @param threadSettings thread-related settings in force (environment variables and harness budget)
 * @param gitCommit      commit of the suite's checkout, or "unknown"
 * @param timestamp      when the run started, ISO-8601 UTC
 */
public record EnvironmentInfo(String cpuModel, List<String> cpuFlags, int logicalCores, long memoryBytes,
                              String os, String jvm, List<String> jvmFlags, Map<String, String> threadSettings,
                              String gitCommit, String timestamp) {
    public EnvironmentInfo {
        cpuFlags = List.copyOf(cpuFlags);
        jvmFlags = List.copyOf(jvmFlags);
        threadSettings = Collections.unmodifiableMap(new LinkedHashMap<>(threadSettings));
    }
}
