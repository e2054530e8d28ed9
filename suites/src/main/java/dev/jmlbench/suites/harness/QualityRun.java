package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.datasets.DatasetUnavailableException;
import dev.jmlbench.datasets.Datasets;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The quality stage: trains every selected task on every selected engine from identical initial parameters,
 * measures test accuracy, log-loss and training time, and the parity of each engine's test probabilities with
 * the reference engine's after identical training.
 *
 * <p>Isolation: with {@link Isolation#PROCESS} (the command line's default) each engine runs in a child JVM of
 * its own, under a time-out, so a native crash, an out-of-memory error or a hang marks that engine's cells FAILED
 * with the reason and the other engines still run. Within an engine every cell is isolated by exception
 * handling. The results file is rewritten after every cell, so an interrupted run keeps what it measured, and
 * {@code resume} skips the cells an earlier run already finished.
 */
public final class QualityRun {
    static final String REFERENCE = "reference";

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
        List<TaskSpec> tasks = TaskCatalogue.builtIn().select(settings.tasks());
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
        Map<String, TrainTestData> data = new LinkedHashMap<>();
        List<DatasetInfo> datasets = new ArrayList<>();
        List<CellStatus> dataCells = new ArrayList<>();
        for (TaskSpec task : tasks) {
            try {
                TrainTestData d = Datasets.load(task.dataset());
                data.put(task.id(), d);
                if (datasets.stream().noneMatch(i -> i.id().equals(d.info().id()))) {
                    datasets.add(d.info());
                }
            } catch (DatasetException e) {
                // a missing fetched dataset skips its tasks; a corrupt one fails them; other tasks still run
                CellStatus.Status status = e instanceof DatasetUnavailableException
                        ? CellStatus.Status.SKIPPED : CellStatus.Status.FAILED;
                log.println("[quality] " + task.id() + ": " + status + ", " + e.getMessage());
                for (EngineProvider p : providers) {
                    dataCells.add(new CellStatus(task.id(), p.id(), "cpu", Names.STAGE_QUALITY, status,
                            e.getMessage()));
                }
            }
        }
        RunResults results = new RunResults(RunResults.SCHEMA_VERSION,
                previous != null ? previous.runId() : UUID.randomUUID().toString(),
                EnvironmentProbe.capture(settings.threads(), Path.of("").toAbsolutePath()),
                previous != null ? previous.engines() : List.of(), tasks, datasets,
                previous != null ? withoutTrainingParity(previous.measurements()) : List.of(),
                previous != null ? finishedCells(previous) : dataCells);
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
                    ? runChild(results, provider.id(), todo)
                    : runEngine(results, provider, todo, data);
            save(results);
        }
        results = results.plus(trainingParity(tasks, providers, store), List.of());
        save(results);
        return results;
    }

    /** Runs {@code todo} on one engine in this JVM. */
    private RunResults runEngine(RunResults results, EngineProvider provider, List<TaskSpec> todo,
                                 Map<String, TrainTestData> data) {
        Engine engine;
        try {
            engine = provider.open(new EngineConfig(settings.threads(), settings.cacheDir()));
        } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
            String reason = "engine could not be opened: " + describe(e);
            log.println("[quality] " + provider.id() + ": FAILED, " + reason);
            List<CellStatus> cells = todo.stream().map(t -> new CellStatus(t.id(), provider.id(), "cpu",
                    Names.STAGE_OPEN, CellStatus.Status.FAILED, reason)).toList();
            return results.plus(List.of(), cells);
        }
        try (engine) {
            results = withEngine(results, engine.info());
            for (TaskSpec task : todo) {
                results = runCell(results, engine, provider.id(), task, data.get(task.id()));
                save(results);
            }
        } catch (RuntimeException | LinkageError e) {
            log.println("[quality] " + provider.id() + ": engine failed while closing: " + describe(e));
        }
        return results;
    }

    /**
     * Runs {@code todo} on one engine in a child JVM with this JVM's flags and class path, and merges what it
     * wrote, also when it crashed or timed out part-way.
     */
    private RunResults runChild(RunResults results, String engineId, List<TaskSpec> todo) {
        Path childOut = settings.outDir().resolve("engines").resolve(engineId);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.jmlbench.suites.cli.Main", "run",
                "--stage", "quality", "--isolation", "none", "--out", childOut.toAbsolutePath().toString(),
                "--engines", engineId, "--tasks", todo.stream().map(TaskSpec::id).collect(Collectors.joining(",")),
                "--threads", Integer.toString(settings.threads()), "--preset", settings.preset().name(),
                "--cache-dir", settings.cacheDir().toAbsolutePath().toString()));
        String failure = null;
        try {
            Files.createDirectories(childOut);
            Files.deleteIfExists(childOut.resolve("quality.json"));
            Process child = new ProcessBuilder(command).inheritIO().start();
            if (!child.waitFor(engineTimeout.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                failure = "time-out: the engine's process ran longer than " + engineTimeout.toMinutes()
                        + " min and was stopped";
            } else if (child.exitValue() != 0) {
                failure = "the engine's process exited with status " + child.exitValue()
                        + " (a crash, an out-of-memory error or a native fault; see the log above)";
            }
        } catch (IOException e) {
            failure = "the engine's process could not be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
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
                results = withEngine(results, info);
            }
            results = results.plus(child.measurements(), child.cells().stream()
                    .filter(c -> c.engine().equals(engineId)).toList());
        }
        if (failure != null) {
            log.println("[quality] " + engineId + ": " + failure);
            Set<String> reported = child == null ? Set.of()
                    : child.cells().stream().map(CellStatus::task).collect(Collectors.toSet());
            List<CellStatus> cells = new ArrayList<>();
            for (TaskSpec t : todo) {
                if (!reported.contains(t.id())) {
                    cells.add(new CellStatus(t.id(), engineId, "cpu", Names.STAGE_QUALITY, CellStatus.Status.FAILED,
                            failure));
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

    private RunResults runCell(RunResults results, Engine engine, String engineId, TaskSpec task, TrainTestData d) {
        Support support = engine.supports(task);
        if (!support.supported()) {
            log.println("[quality] " + task.id() + " on " + engineId + ": unsupported, " + support.reason());
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                    CellStatus.Status.UNSUPPORTED, support.reason())));
        }
        TrainedCell cell;
        try {
            cell = CellTrainer.train(engine, task, d);
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            String reason = "training failed: " + describe(e);
            log.println("[quality] " + task.id() + " on " + engineId + ": FAILED, " + reason);
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                    CellStatus.Status.FAILED, reason)));
        }
        try (var model = cell.model()) {
            ModelStore store = new ModelStore(settings.modelDir());
            try {
                store.save(task.id(), engineId, model.exportParameters());
                store.saveProbabilities(task.id(), engineId, cell.probabilities());
            } catch (IOException | RuntimeException e) {
                log.println("[quality] " + task.id() + " on " + engineId + ": trained parameters not saved ("
                        + describe(e) + "); the JMH forks will train their own model");
            }
            boolean met = task.target().isMetBy(cell.accuracy());
            DatasetStamp stamp = stampOf(d);
            Map<String, String> params = paramsOf(task);
            List<Measurement> m = new ArrayList<>();
            m.add(quality(task, engineId, params, Names.METRIC_ACCURACY, cell.accuracy(), Names.UNIT_FRACTION,
                    cell.accuracy(), met, stamp));
            m.add(quality(task, engineId, params, Names.METRIC_TRAIN_TIME, cell.trainSeconds(), Names.UNIT_SECONDS,
                    cell.accuracy(), met, stamp));
            m.add(quality(task, engineId, params, Names.METRIC_LOG_LOSS, cell.logLoss(), Names.UNIT_NATS,
                    cell.accuracy(), met, stamp));
            log.println(String.format(Locale.ROOT, "[quality] %s on %s: accuracy %.4f (target %.2f %s), "
                            + "train %.3f s, log-loss %.4f", task.id(), engineId, cell.accuracy(),
                    task.target().threshold(), met ? "met" : "NOT met", cell.trainSeconds(), cell.logLoss()));
            CellStatus status = met
                    ? new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY, CellStatus.Status.OK, "")
                    : new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY, CellStatus.Status.BELOW_TARGET,
                    String.format(Locale.ROOT, "test accuracy %.4f is below the target %.2f", cell.accuracy(),
                            task.target().threshold()));
            return results.plus(m, List.of(status));
        }
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
                Optional<float[][]> reference = store.loadProbabilities(task.id(), REFERENCE);
                if (reference.isEmpty()) {
                    continue;
                }
                for (EngineProvider p : providers) {
                    if (p.id().equals(REFERENCE)) {
                        continue;
                    }
                    Optional<float[][]> mine = store.loadProbabilities(task.id(), p.id());
                    if (mine.isEmpty() || mine.get().length != reference.get().length) {
                        continue;
                    }
                    double diff = CellTrainer.maxAbsDiff(reference.get(), mine.get());
                    log.println(String.format(Locale.ROOT, "[quality] %s on %s: parity vs reference after identical"
                            + " training %.2e", task.id(), p.id(), diff));
                    out.add(new Measurement(task.id(), p.id(), "cpu", Names.SCENARIO_QUALITY, paramsOf(task),
                            Names.METRIC_PARITY, diff, Names.UNIT_PROBABILITY, null, 1L, null, null, null, null,
                            null));
                }
            } catch (IOException e) {
                log.println("[quality] " + task.id() + ": parity not computed: " + e.getMessage());
            }
        }
        return out;
    }

    private Map<String, String> paramsOf(TaskSpec task) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
        params.put(Names.PARAM_BATCH_SIZE, Integer.toString(task.training().batchSize()));
        params.put("epochs", Integer.toString(task.training().epochs()));
        return params;
    }

    private static DatasetStamp stampOf(TrainTestData d) {
        return new DatasetStamp(d.info().id(), d.info().sha256(), d.split(), d.info().synthetic());
    }

    private static Measurement quality(TaskSpec task, String engine, Map<String, String> params, String metric,
                                       double value, String unit, double accuracy, boolean met, DatasetStamp stamp) {
        return new Measurement(task.id(), engine, "cpu", Names.SCENARIO_QUALITY, params, metric, value, unit, null,
                1L, null, null, accuracy, met, stamp);
    }

    /** The reference engine goes first, so its results exist when the others are compared with it. */
    private static List<EngineProvider> orderReferenceFirst(List<EngineProvider> providers) {
        List<EngineProvider> ordered = new ArrayList<>();
        providers.stream().filter(p -> p.id().equals(REFERENCE)).forEach(ordered::add);
        providers.stream().filter(p -> !p.id().equals(REFERENCE)).forEach(ordered::add);
        return ordered;
    }

    private static RunResults withEngine(RunResults r, EngineInfo info) {
        List<EngineInfo> engines = new ArrayList<>(r.engines());
        engines.removeIf(e -> e.id().equals(info.id()));
        engines.add(info);
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), engines, r.tasks(), r.datasets(),
                r.measurements(), r.cells());
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
