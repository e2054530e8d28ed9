package dev.jmlbench.core.env;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads the environment block from the running JVM and machine. Reads files only; starts no process. */
public final class EnvironmentProbe {
    /** CPU flags that matter for numeric code; the full list is long and says little more. */
    private static final Set<String> RELEVANT_FLAGS = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f",
            "avx512bw", "avx512vl", "avx512dq", "avx512_vnni", "avx512_bf16", "amx_tile", "neon", "sve");

    /** Environment variables that set native thread pools; recorded so unfair thread settings show. */
    private static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "OMP_WAIT_POLICY",
            "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS");

    /** What {@link #gitCommit} gives outside a git checkout: a commit that cannot be told apart from any other. */
    public static final String UNKNOWN_COMMIT = "unknown";

    private EnvironmentProbe() {
    }

    /**
     * Captures the environment.
     *
     * @param threadBudget the compute-thread budget the harness gives every engine
     * @param checkout     a folder inside the suite's git checkout, to find the commit; may be null
     */
    public static EnvironmentInfo capture(int threadBudget, Path checkout) {
        Map<String, String> threads = new LinkedHashMap<>();
        threads.put("jmlbench.threads", Integer.toString(threadBudget));
        for (String v : THREAD_VARIABLES) {
            String value = System.getenv(v);
            threads.put(v, value == null ? "unset" : value);
        }
        Cpu cpu = readCpuInfo();
        List<String> flags = new ArrayList<>(new TreeSet<>(List.of(cpu.flags().split("\\s+"))));
        flags.removeIf(f -> !RELEVANT_FLAGS.contains(f));
        return new EnvironmentInfo(
                cpu.model(),
                cpu.id(),
                flags,
                Runtime.getRuntime().availableProcessors(),
                physicalMemory(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.runtime.version", System.getProperty("java.version")),
                ManagementFactory.getRuntimeMXBean().getInputArguments(),
                threads,
                gitCommit(checkout),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** What /proc/cpuinfo says of the first processor: model name, identity and the whole flags line. */
    record Cpu(String model, String id, String flags) {
    }

    /** The CPU from /proc/cpuinfo; "unknown", "unknown" and "" elsewhere. */
    private static Cpu readCpuInfo() {
        try {
            return parseCpuInfo(Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return parseCpuInfo(List.of()); // not Linux: the defaults
        }
    }

    /**
     * Model name, identity ({@link EnvironmentInfo#cpuId}) and flags of the first processor that /proc/cpuinfo's
     * {@code lines} describe: on x86 "vendor family F model M stepping S", on ARM "implementer I part P variant V
     * revision R", "unknown" where the fields are absent.
     */
    static Cpu parseCpuInfo(List<String> lines) {
        String model = "unknown";
        String flags = "";
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            first.putIfAbsent(key, value);
            if (key.equals("model name") && model.equals("unknown")) {
                model = value;
            } else if ((key.equals("flags") || key.equals("Features")) && flags.isEmpty()) {
                flags = value;
            }
        }
        String id = EnvironmentInfo.UNKNOWN_CPU_ID;
        if (first.containsKey("cpu family") && first.containsKey("model")) {
            id = first.getOrDefault("vendor_id", "unknown vendor") + " family " + first.get("cpu family")
                    + " model " + first.get("model") + " stepping " + first.getOrDefault("stepping", "unknown");
        } else if (first.containsKey("CPU implementer") && first.containsKey("CPU part")) {
            id = "implementer " + first.get("CPU implementer") + " part " + first.get("CPU part") + " variant "
                    + first.getOrDefault("CPU variant", "unknown") + " revision "
                    + first.getOrDefault("CPU revision", "unknown");
        }
        return new Cpu(model, id, flags);
    }

    private static long physicalMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize();
        }
        return -1;
    }

    /**
     * The commit checked out in the git repository containing {@code start}, read from .git; or "unknown". A
     * {@code .git} file (a linked worktree, a submodule) names the repository folder ({@code gitdir: ...}); a linked
     * worktree's branches live in the main repository's folder, which its {@code commondir} file names.
     */
    public static String gitCommit(Path start) {
        if (start == null) {
            return UNKNOWN_COMMIT;
        }
        try {
            for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
                Path git = dir.resolve(".git");
                if (Files.isRegularFile(git)) {
                    String pointer = Files.readString(git, StandardCharsets.UTF_8).trim();
                    if (!pointer.startsWith("gitdir:")) {
                        return UNKNOWN_COMMIT;
                    }
                    git = dir.resolve(pointer.substring("gitdir:".length()).trim()).normalize();
                } else if (!Files.isDirectory(git)) {
                    continue;
                }
                return commitIn(git);
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN_COMMIT;
        }
        return UNKNOWN_COMMIT;
    }

    /** The commit HEAD names in the git folder {@code git}: a detached hash, or a branch's loose or packed ref. */
    private static String commitIn(Path git) throws IOException {
        String head = Files.readString(git.resolve("HEAD"), StandardCharsets.UTF_8).trim();
        if (!head.startsWith("ref: ")) {
            return head;
        }
        String ref = head.substring(5).trim();
        List<Path> folders = new java.util.ArrayList<>(List.of(git));
        Path commondir = git.resolve("commondir");
        if (Files.isRegularFile(commondir)) {
            folders.add(git.resolve(Files.readString(commondir, StandardCharsets.UTF_8).trim()).normalize());
        }
        for (Path folder : folders) {
            Path refFile = folder.resolve(ref);
            if (Files.isRegularFile(refFile)) {
                return Files.readString(refFile, StandardCharsets.UTF_8).trim();
            }
            Path packed = folder.resolve("packed-refs");
            if (Files.isRegularFile(packed)) {
                for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                    if (line.endsWith(" " + ref)) {
                        return line.substring(0, line.indexOf(' '));
                    }
                }
            }
        }
        return "unknown (no commit yet)";
    }
}
