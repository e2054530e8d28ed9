package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
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
     *
     * @param resume the run resumes an interrupted one: the seeds of {@code todo} that it finished (in
     *               {@code results}, or in the file of a child that was stopped with its parent) are not trained
     *               again
     */
    RunResults run(RunResults results, String engineId, List<TaskSpec> todo, boolean resume) {
        Path childOut = settings.outDir().resolve("engines").resolve(engineId);
        Path childFile = childOut.resolve("quality.json");
        Set<String> todoIds = todo.stream().map(TaskSpec::id).collect(Collectors.toSet());
        // the finished seeds of unfinished cells go to the child, which adds them to its own
        RunResults carried = partOf(results, engineId, todoIds);
        results = withoutPart(results, engineId, todoIds);
        String failure;
        try {
            Files.createDirectories(childOut);
            if (!resume) {
                Files.deleteIfExists(childFile);
            } else {
                // a child stopped together with its parent left its own file, with every seed it finished; the
                // parent's own figures of those cells are added where that file lacks them
                ResultsJson.write(childFile, unionOf(readable(childFile), carried));
            }
            List<String> args = new ArrayList<>(List.of("run", "--stage", Names.STAGE_QUALITY, "--no-parity",
                    "--isolation", "none", "--out", childOut.toAbsolutePath().toString(), "--engines", engineId,
                    "--tasks", todo.stream().map(TaskSpec::id).collect(Collectors.joining(",")),
                    "--threads", Integer.toString(settings.threads()), "--preset", settings.preset().name(),
                    "--cache-dir", settings.cacheDir().toAbsolutePath().toString(), "--devices",
                    String.join(",", settings.devices())));
            if (resume) {
                args.add("--resume");
            }
            failure = ChildJvm.run(args, engineTimeout);
        } catch (IOException e) {
            failure = "the engine's output folder could not be prepared: " + e.getMessage();
        }
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
            RunResults part = partOf(child, engineId, todoIds);
            results = results.plus(part.measurements(), child.cells().stream()
                    .filter(c -> c.engine().equals(engineId) && todoIds.contains(c.task())).toList());
            for (ModelProvenance p : part.provenance()) {
                results = results.plusProvenance(p);
            }
        } else {
            // no child file to read: what the parent carried over is still measured
            results = results.plus(carried.measurements(), List.of());
            for (ModelProvenance p : carried.provenance()) {
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

    /** The figures and model provenance of {@code engineId} on the tasks {@code tasks}, without cells. */
    private static RunResults partOf(RunResults r, String engineId, Set<String> tasks) {
        RunResults part = new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(),
                r.datasets(), r.measurements().stream()
                .filter(m -> m.engine().equals(engineId) && tasks.contains(m.task())).toList(), List.of());
        for (ModelProvenance p : r.provenance()) {
            if (p.engine().equals(engineId) && tasks.contains(p.task())) {
                part = part.plusProvenance(p);
            }
        }
        return part;
    }

    /** The results in {@code file}, or null when there is none or it cannot be read (it is then started anew). */
    private RunResults readable(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return ResultsJson.read(file);
        } catch (MalformedResultsException e) {
            log.println("[quality] not resuming from " + file + ": " + e.getMessage());
            return null;
        }
    }

    /** {@code child} plus the figures and provenance of {@code carried} that it does not hold. */
    private static RunResults unionOf(RunResults child, RunResults carried) {
        if (child == null) {
            return carried;
        }
        Set<List<Object>> held = child.measurements().stream().map(QualityChildJvm::key).collect(Collectors.toSet());
        RunResults union = child.plus(carried.measurements().stream().filter(m -> !held.contains(key(m))).toList(),
                List.of());
        for (ModelProvenance p : carried.provenance()) {
            if (!union.provenance().contains(p)) {
                union = union.plusProvenance(p);
            }
        }
        return union;
    }

    private static List<Object> key(Measurement m) {
        return List.of(m.task(), m.engine(), String.valueOf(m.device()), m.scenario(), m.metric(), m.params());
    }

    /** {@code r} without {@link #partOf} (whose figures come back from the child). */
    private static RunResults withoutPart(RunResults r, String engineId, Set<String> tasks) {
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(), r.datasets(),
                r.measurements().stream().filter(m -> !(m.engine().equals(engineId) && tasks.contains(m.task())))
                        .toList(), r.cells(), r.provenance().stream()
                .filter(p -> !(p.engine().equals(engineId) && tasks.contains(p.task()))).toList(), r.comparisons());
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
