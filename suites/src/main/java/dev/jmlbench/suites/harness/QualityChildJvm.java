package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.ModelProvenance;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quality stage's child-JVM runner: one engine's cells in a JVM of their own (this JVM's flags and class
 * path), under a time-out, so a native crash, an out-of-memory error or a hang fails that engine's cells with the
 * reason and leaves the others running. What the child wrote (its own quality file in {@code engines/<id>/} and
 * its trained models) is taken over also when it died part-way.
 */
final class QualityChildJvm {
    private final RunSettings settings;
    private final PrintStream log;
    private final Duration engineTimeout;

    QualityChildJvm(RunSettings settings, PrintStream log, Duration engineTimeout) {
        this.settings = settings;
        this.log = log;
        this.engineTimeout = engineTimeout;
    }

    /**
     * Runs {@code todo} on one engine in a child JVM with this JVM's flags and class path, and merges what it
     * wrote, also when it crashed or timed out part-way.
     */
    RunResults run(RunResults results, String engineId, List<TaskSpec> todo) {
        Path childOut = settings.outDir().resolve("engines").resolve(engineId);
        String failure;
        try {
            Files.createDirectories(childOut);
            Files.deleteIfExists(childOut.resolve("quality.json"));
            failure = ChildJvm.run(List.of("run", "--stage", Names.STAGE_QUALITY, "--no-parity", "--isolation", "none",
                    "--out",
                    childOut.toAbsolutePath().toString(), "--engines", engineId, "--tasks",
                    todo.stream().map(TaskSpec::id).collect(Collectors.joining(",")),
                    "--threads", Integer.toString(settings.threads()), "--preset", settings.preset().name(),
                    "--cache-dir", settings.cacheDir().toAbsolutePath().toString(), "--devices",
                    String.join(",", settings.devices())), engineTimeout);
        } catch (IOException e) {
            failure = "the engine's output folder could not be prepared: " + e.getMessage();
        }
        Path childFile = childOut.resolve("quality.json");
        RunResults child = null;
        if (Files.isRegularFile(childFile)) {
            try {
                child = ResultsJson.read(childFile);
            } catch (MalformedResultsException e) {
                failure = (failure == null ? "" : failure + "; ") + e.getMessage();
            }
        }
        adoptChildModels(childOut.resolve("models"));
        if (child != null) {
            for (EngineInfo info : child.engines()) {
                results = ResultsUnion.withEngine(results, info);
            }
            results = results.plus(child.measurements(), child.cells().stream()
                    .filter(c -> c.engine().equals(engineId)).toList());
            for (ModelProvenance p : child.provenance()) {
                results = results.plusProvenance(p);
            }
        }
        if (failure != null) {
            log.println("[quality] " + engineId + ": " + failure);
            Set<String> reported = child == null ? Set.of()
                    : child.cells().stream().map(c -> c.task() + "/" + c.device()).collect(Collectors.toSet());
            List<CellStatus> cells = new ArrayList<>();
            for (TaskSpec t : todo) {
                for (String device : settings.devices()) {
                    if (!reported.contains(t.id() + "/" + device)) {
                        cells.add(new CellStatus(t.id(), engineId, device, Names.STAGE_QUALITY,
                                CellStatus.Status.FAILED, failure));
                    }
                }
            }
            results = results.plus(List.of(), cells);
        }
        return results;
    }

    /** Moves the trained parameters and probabilities a child saved into this run's model store. */
    private void adoptChildModels(Path childModels) {
        if (!Files.isDirectory(childModels)) {
            return;
        }
        try (var files = Files.list(childModels)) {
            Files.createDirectories(settings.modelDir());
            for (Path f : files.toList()) {
                Files.move(f, settings.modelDir().resolve(f.getFileName()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.println("[quality] trained models of " + childModels + " not kept: " + e.getMessage());
        }
    }
}
