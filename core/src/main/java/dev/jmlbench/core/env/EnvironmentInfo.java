package dev.jmlbench.core.env;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine and JVM a run was measured on.
 *
 * @param cpuModel       CPU model name
 * @param cpuId          the CPU's identity below its model name, {@value #UNKNOWN_CPU_ID} where not known: on x86
 *                       "vendor family F model M stepping S" (a virtual machine may name a Zen 4 and a Zen 5
 *                       "AMD EPYC" alike, with the same flags, and twice the FMA rate apart), on ARM the
 *                       implementer, part, variant and revision
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
public record EnvironmentInfo(String cpuModel, String cpuId, List<String> cpuFlags, int logicalCores,
                              long memoryBytes, String os, String jvm, List<String> jvmFlags, Map<String, String> threadSettings,
                              String gitCommit, String timestamp) {
    /** The {@link #cpuId} of a machine that does not say, or of a results file written before it was recorded. */
    public static final String UNKNOWN_CPU_ID = "unknown";

    public EnvironmentInfo {
        cpuId = cpuId == null || cpuId.isBlank() ? UNKNOWN_CPU_ID : cpuId;
        cpuFlags = List.copyOf(cpuFlags);
        jvmFlags = List.copyOf(jvmFlags);
        threadSettings = Collections.unmodifiableMap(new LinkedHashMap<>(threadSettings));
    }
}
