package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.datasets.DatasetUnavailableException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The quality stage: trains every selected task on every selected engine from identical initial parameters,
 * measures test accuracy, log-loss and training time, and the parity of each engine's test probabilities with
 * the reference engine's after identical training.
 *
 * <p>Isolation: with {@link Isolation#PROCESS} (the command line's default) each engine runs in a child JVM of
 * its own, under a time-out, so a native crash, an out-of-memory error or a hang marks that engine's cells FAILED
 * with the reason and the other engines still run. Within an engine every cell is isolated by exception
 * handling. The results file is rewritten after every cell and every seed of a cell, so an interrupted run keeps
 * what it measured, and {@code resume} skips the cells, and the seeds of an unfinished cell, that an earlier run
 * already finished.
 *
 * <p>This class orders the stage (data, resume, engines, parity after identical training, the stage's file); a
 * cell's training and figures are {@link QualityCells}', and the child JVM is {@link QualityChildJvm}'s.
 */
public final class QualityRun {
    /** The id of the engine every other one is checked against, as the SPI names it. */
    static String reference() {
        return dev.jmlbench.core.engine.Engines.parityReference().id();
    }

    /** Where the engines run. */
    public enum Isolation {
        /** All engines in this JVM (used by each child process, and by tests). */
        NONE,
        /** One child JVM per engine. */
        PROCESS
    }

    private final RunSettings settings;
    private final PrintStream log;
    private final Isolation isolation;
    private final Duration engineTimeout;
    private final boolean resume;

    /** An in-process run, as tests and each child process use it. */
    public QualityRun(RunSettings settings, PrintStream log) {
        this(settings, log, Isolation.NONE, Duration.ofHours(1), false);
    }

    /**
     * @param isolation     where the engines run
     * @param engineTimeout how long one engine's child process may take for all its tasks
     * @param resume        keep the finished cells of an earlier run in the same output folder
     */
    public QualityRun(RunSettings settings, PrintStream log, Isolation isolation, Duration engineTimeout,
                      boolean resume) {
        this.settings = settings;
        this.log = log;
        this.isolation = isolation;
        this.engineTimeout = engineTimeout;
        this.resume = resume;
    }

    /** Runs the stage and writes {@link RunSettings#qualityFile()}. */
    public RunResults run() {
        List<TaskSpec> tasks = settings.selectedTasks();
        List<EngineProvider> providers = orderReferenceFirst(Engines.select(settings.engines()));
        RunResults previous = resume ? previousResults() : null;
        ModelStore store = new ModelStore(settings.modelDir());
        if (previous == null) {
            try {
                store.clear();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + settings.modelDir(), e);
            }
        }
        StageData stageData = StageData.load(tasks);
        Map<String, TaskData> data = stageData.byTask();
        List<DatasetInfo> datasets = stageData.datasets();
        List<CellStatus> dataCells = new ArrayList<>();
        stageData.missing().forEach((task, e) -> {
            // a missing fetched dataset skips its tasks; a corrupt one fails them; other tasks still run
            CellStatus.Status status = e instanceof DatasetUnavailableException
                    ? CellStatus.Status.SKIPPED : CellStatus.Status.FAILED;
            log.println("[quality] " + task + ": " + status + ", " + e.getMessage());
            for (EngineProvider p : providers) {
                for (String device : settings.devices()) {
                    dataCells.add(new CellStatus(task, p.id(), device, Names.STAGE_QUALITY, status, e.getMessage()));
                }
            }
        });
        RunResults results = new RunResults(RunResults.SCHEMA_VERSION,
                previous != null ? previous.runId() : UUID.randomUUID().toString(),
                EnvironmentProbe.capture(settings.threads(), Path.of("").toAbsolutePath()),
                previous != null ? previous.engines() : List.of(), tasks, datasets,
                previous != null ? withoutTrainingParity(previous.measurements()) : List.of(),
                previous != null ? finishedCells(previous) : dataCells,
                previous != null ? previous.provenance() : List.of());
        save(results);
        Set<String> done = results.cells().stream().map(c -> c.task() + "/" + c.engine()).collect(Collectors.toSet());

        for (EngineProvider provider : providers) {
            List<TaskSpec> todo = tasks.stream()
                    .filter(t -> data.containsKey(t.id()) && !done.contains(t.id() + "/" + provider.id()))
                    .toList();
            if (todo.isEmpty()) {
                continue;
            }
            results = isolation == Isolation.PROCESS
                    ? new QualityChildJvm(settings, log, engineTimeout).run(results, provider.id(), todo, resume)
                    : runEngine(results, provider, todo, data);
            save(results);
        }
        results = results.plus(trainingParity(tasks, providers, store), List.of());
        save(results);
        return results;
    }

    /** Runs {@code todo} on one engine in this JVM. */
    private RunResults runEngine(RunResults results, EngineProvider provider, List<TaskSpec> todo,
                                 Map<String, TaskData> data) {
        Engine engine;
        try {
            engine = provider.open(new EngineConfig(settings.threads(), settings.cacheDir()));
        } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
            String reason = "engine could not be opened: " + describe(e);
            log.println("[quality] " + provider.id() + ": FAILED, " + reason);
            List<CellStatus> cells = todo.stream().flatMap(t -> settings.devices().stream().map(d -> new CellStatus(
                    t.id(), provider.id(), d, Names.STAGE_OPEN, CellStatus.Status.FAILED, reason))).toList();
            return results.plus(List.of(), cells);
        }
        QualityCells cells = new QualityCells(settings, log, this::save);
        try (engine) {
            results = ResultsUnion.withEngine(results, engine.info());
            for (TaskSpec task : todo) {
                results = cells.run(results, engine, provider.id(), task, data.get(task.id()));
                save(results);
            }
        } catch (RuntimeException | LinkageError e) {
            log.println("[quality] " + provider.id() + ": engine failed while closing: " + describe(e));
        }
        return results;
    }

    /**
     * Parity after identical training: for every task, the largest difference between each engine's test-set
     * probabilities and the reference engine's, read from the model store (the engines may have run in
     * different processes).
     */
    private List<Measurement> trainingParity(List<TaskSpec> tasks, List<EngineProvider> providers, ModelStore store) {
        List<Measurement> out = new ArrayList<>();
        for (TaskSpec task : tasks) {
            try {
                Optional<float[][]> reference = store.loadProbabilities(task.id(), reference());
                if (reference.isEmpty()) {
                    continue;
                }
                for (EngineProvider p : providers) {
                    if (p.id().equals(reference())) {
                        continue;
                    }
                    Optional<float[][]> mine = store.loadProbabilities(task.id(), p.id());
                    if (mine.isEmpty() || mine.get().length != reference.get().length) {
                        continue;
                    }
                    double diff = CellTrainer.maxAbsDiff(reference.get(), mine.get());
                    log.println(String.format(Locale.ROOT, "[quality] %s on %s: parity vs reference after identical"
                            + " training %.2e", task.id(), p.id(), diff));
                    out.add(Measurement.of(task.id(), p.id(), Names.SCENARIO_QUALITY, Names.METRIC_PARITY)
                            .params(new QualityCells(settings, log).paramsOf(task))
                            .value(diff, Names.UNIT_PROBABILITY).samples(1).build());
                }
            } catch (IOException e) {
                log.println("[quality] " + task.id() + ": parity not computed: " + e.getMessage());
            }
        }
        return out;
    }

    /** The reference engine goes first, so its results exist when the others are compared with it. */
    private static List<EngineProvider> orderReferenceFirst(List<EngineProvider> providers) {
        List<EngineProvider> ordered = new ArrayList<>();
        providers.stream().filter(p -> p.id().equals(reference())).forEach(ordered::add);
        providers.stream().filter(p -> !p.id().equals(reference())).forEach(ordered::add);
        return ordered;
    }

    /** The earlier run in the output folder, or null when there is none or it cannot be read. */
    private RunResults previousResults() {
        if (!Files.isRegularFile(settings.qualityFile())) {
            return null;
        }
        try {
            RunResults r = ResultsJson.read(settings.qualityFile());
            log.println("[quality] resuming " + settings.qualityFile() + ": " + finishedCells(r).size()
                    + " finished cells kept");
            return r;
        } catch (MalformedResultsException e) {
            log.println("[quality] not resuming: " + e.getMessage());
            return null;
        }
    }

    /** Cells an earlier run finished (trained, or honestly unsupported); failed and skipped ones run again. */
    private static List<CellStatus> finishedCells(RunResults r) {
        return r.cells().stream().filter(c -> c.status() == CellStatus.Status.OK
                || c.status() == CellStatus.Status.BELOW_TARGET || c.status() == CellStatus.Status.UNSUPPORTED).toList();
    }

    private static List<Measurement> withoutTrainingParity(List<Measurement> measurements) {
        return measurements.stream().filter(m -> !m.metric().equals(Names.METRIC_PARITY)).toList();
    }

    private void save(RunResults results) {
        try {
            ResultsJson.write(settings.qualityFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.qualityFile(), e);
        }
    }

    /** One line for people: the exception's class and message, and its root cause when different. */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String head = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e ? head : head + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
