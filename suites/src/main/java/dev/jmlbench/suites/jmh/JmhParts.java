package dev.jmlbench.suites.jmh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The JMH stage's folder of parts ({@code jmh-parts}): one file of JMH records per JMH run, named
 * {@code <task>__<engine>[__<what>].json} (the calibration's {@value #CALIBRATION}{@code __<what>.json}), and a
 * marker {@code <task>.done} once a task is timed on every engine. The stage writes {@code jmh.json}, the
 * records of every part, at its end; a stage stopped before it leaves the parts, of which those of marked tasks
 * are whole: a resumed stage keeps them, and the merge stage reports them.
 */
public final class JmhParts {
    /** The owner name of the calibration's parts. */
    public static final String CALIBRATION = Names.TASK_CALIBRATION;

    private static final String TIMED_SUFFIX = ".done";

    private JmhParts() {
    }

    /** What a run in {@code partDir} finished timing: task ids, and {@value #CALIBRATION}; none without the folder. */
    public static Set<String> timed(Path partDir) throws IOException {
        if (!Files.isDirectory(partDir)) {
            return Set.of();
        }
        try (var files = Files.list(partDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(TIMED_SUFFIX))
                    .map(n -> n.substring(0, n.length() - TIMED_SUFFIX.length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** Marks {@code what} (a task id or {@value #CALIBRATION}) timed on every engine. */
    static void markTimed(String what, Path partDir) throws IOException {
        Files.writeString(partDir.resolve(what + TIMED_SUFFIX), Instant.now() + "\n");
    }

    /** The parts of {@code what} in {@code partDir}, by name. */
    static List<Path> partsOf(String what, Path partDir) throws IOException {
        try (var files = Files.list(partDir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(what + "__")
                    && f.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /**
     * The records of every part of the tasks (and the calibration) marked timed in {@code partDir}, task by task
     * in name order: what a stage stopped before its end finished. Parts of unmarked tasks are of the task it was
     * timing when stopped and are left out.
     */
    public static ArrayNode timedRecords(Path partDir) throws IOException {
        ArrayNode all = ResultsJson.mapper().createArrayNode();
        for (String what : timed(partDir)) {
            for (Path part : partsOf(what, partDir)) {
                append(part, all);
            }
        }
        return all;
    }

    /** Appends the records of {@code part} to {@code all}; nothing when it is missing or empty (a failed run). */
    static void append(Path part, ArrayNode all) throws IOException {
        if (Files.isRegularFile(part) && Files.size(part) > 0) {
            ResultsJson.mapper().readTree(part.toFile()).forEach(all::add);
        }
    }

    /**
     * Deletes every file in {@code dir} (parts, markers, fork checks) of a task or the calibration not in
     * {@code timed}: it is timed anew.
     */
    static void forgetAllBut(Set<String> timed, Path dir) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                String owner = name.endsWith(TIMED_SUFFIX) ? name.substring(0, name.length() - TIMED_SUFFIX.length())
                        : name.contains("__") ? name.substring(0, name.indexOf("__")) : name;
                if (!timed.contains(owner)) {
                    Files.delete(f);
                }
            }
        }
    }
}
