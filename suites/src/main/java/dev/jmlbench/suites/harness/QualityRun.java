package dev.jmlbench.suites.harness;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.ModelProvenance;
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
        Map<String, TaskData> data = new LinkedHashMap<>();
        List<DatasetInfo> datasets = new ArrayList<>();
        List<CellStatus> dataCells = new ArrayList<>();
        for (TaskSpec task : tasks) {
            try {
                TaskData d = TaskData.load(task);
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
                                 Map<String, TaskData> data) {
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
            results = ResultsUnion.withEngine(results, engine.info());
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
        String failure;
        try {
            Files.createDirectories(childOut);
            Files.deleteIfExists(childOut.resolve("quality.json"));
            failure = ChildJvm.run(List.of("run", "--stage", "quality", "--isolation", "none", "--out",
                    childOut.toAbsolutePath().toString(), "--engines", engineId, "--tasks",
                    todo.stream().map(TaskSpec::id).collect(Collectors.joining(",")),
                    "--threads", Integer.toString(settings.threads()), "--preset", settings.preset().name(),
                    "--cache-dir", settings.cacheDir().toAbsolutePath().toString()), engineTimeout);
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

    private RunResults runCell(RunResults results, Engine engine, String engineId, TaskSpec task, TaskData d) {
        Support support;
        try {
            support = engine.supports(task);
        } catch (RuntimeException | LinkageError e) {
            String reason = "the engine failed while deciding whether it supports the task: " + describe(e);
            log.println("[quality] " + task.id() + " on " + engineId + ": FAILED, " + reason);
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                    CellStatus.Status.FAILED, reason)));
        }
        if (!support.supported()) {
            log.println("[quality] " + task.id() + " on " + engineId + ": unsupported, " + support.reason());
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                    CellStatus.Status.UNSUPPORTED, support.reason())));
        }
        List<Measurement> measured = new ArrayList<>();
        CellStatus status = null;
        for (int seedIndex = 0; seedIndex < Seeds.count(task, settings.preset()); seedIndex++) {
            TaskSpec variant = Seeds.variant(task, seedIndex);
            Progress.Training progress = Progress.training(log, task.id(), engineId, seedIndex,
                    task.isNetwork() ? task.training().epochs() : 1);
            TrainedCell cell;
            try {
                cell = CellTrainer.train(engine, variant, d, true, progress);
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                String reason = "training failed" + (seedIndex > 0 ? " with seed " + Seeds.of(variant) : "") + ": "
                        + describe(e);
                log.println("[quality] " + task.id() + " on " + engineId + ": FAILED, " + reason);
                // figures of earlier seeds stay: they were measured
                return results.plus(measured, List.of(new CellStatus(task.id(), engineId, "cpu",
                        Names.STAGE_QUALITY, CellStatus.Status.FAILED, reason)));
            }
            try (var model = cell.model()) {
                if (seedIndex == 0) {
                    keepForLaterStages(task, engineId, model, cell);
                    Map<String, String> provenance = model.provenance();
                    if (!provenance.isEmpty()) {
                        results = results.plusProvenance(new ModelProvenance(task.id(), engineId, provenance));
                    }
                }
                measured.addAll(measurementsOf(task, variant, engineId, cell, d.stamp()));
                Evaluation e = cell.evaluation();
                log.println(String.format(Locale.ROOT, "[quality] %s on %s%s: %s %.4f (target %s, %s), train %.3f s%s",
                        task.id(), engineId, seedIndex > 0 ? " seed " + Seeds.of(variant) : "",
                        task.target().metric().resultName(), e.target(), task.target().describe(),
                        e.met() ? "met" : "NOT met", cell.trainSeconds(),
                        cell.timeToTarget() != null && !cell.curve().isEmpty()
                                ? String.format(Locale.ROOT, ", target reached after %.3f s", cell.timeToTarget())
                                : ""));
                if (status == null || status.status() == CellStatus.Status.OK) {
                    status = e.met()
                            ? new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY, CellStatus.Status.OK, "")
                            : new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                            CellStatus.Status.BELOW_TARGET, String.format(Locale.ROOT, "test %s %.4f does not reach"
                                    + " the target (%s)%s", task.target().metric().resultName(), e.target(),
                                    task.target().describe(), seedIndex > 0 ? " with seed " + Seeds.of(variant) : ""));
                }
            }
        }
        return results.plus(measured, List.of(status));
    }

    /** Saves a network's trained parameters and test outputs for the parity check and the JMH forks. */
    private void keepForLaterStages(TaskSpec task, String engineId, Model model, TrainedCell cell) {
        if (!task.isNetwork()) {
            return; // a classic model has no canonical parameters: the JMH forks fit their own
        }
        ModelStore store = new ModelStore(settings.modelDir());
        try {
            store.save(task.id(), engineId, model.exportParameters());
            store.saveProbabilities(task.id(), engineId, cell.outputs());
        } catch (IOException | RuntimeException e) {
            log.println("[quality] " + task.id() + " on " + engineId + ": trained parameters not saved ("
                    + describe(e) + "); the JMH forks will train their own model");
        }
    }

    /** Every figure of one trained cell: quality metrics, cost, memory and the per-epoch curves. */
    private List<Measurement> measurementsOf(TaskSpec task, TaskSpec variant, String engineId, TrainedCell cell,
                                             DatasetStamp stamp) {
        Evaluation e = cell.evaluation();
        Map<String, String> params = paramsOf(variant);
        double q = e.target();
        boolean met = e.met();
        List<Measurement> m = new ArrayList<>();
        for (Map.Entry<String, Double> metric : e.metrics().entrySet()) {
            m.add(quality(task, engineId, params, metric.getKey(), metric.getValue(),
                    Evaluation.unitOf(metric.getKey()), q, met, stamp));
        }
        m.add(quality(task, engineId, params, Names.METRIC_TRAIN_TIME, cell.trainSeconds(), Names.UNIT_SECONDS, q,
                met, stamp));
        if (cell.timeToTarget() != null) {
            m.add(quality(task, engineId, params, Names.METRIC_TIME_TO_TARGET, cell.timeToTarget(),
                    Names.UNIT_SECONDS, q, met, stamp));
        }
        if (cell.modelSize() != null) {
            m.add(quality(task, engineId, params, Names.METRIC_MODEL_SIZE, cell.modelSize(), Names.UNIT_COUNT, q,
                    met, stamp));
        }
        m.add(quality(task, engineId, params, Names.METRIC_PEAK_HEAP, cell.peakHeap(), Names.UNIT_BYTES, q, met,
                stamp));
        if (cell.peakRss() > 0) {
            m.add(quality(task, engineId, params, Names.METRIC_PEAK_RSS, cell.peakRss(), Names.UNIT_BYTES, q, met,
                    stamp));
        }
        if (!cell.curve().isEmpty()) {
            List<Double> loss = cell.curve().stream().map(TrainedCell.EpochPoint::trainLoss).toList();
            List<Double> elapsed = cell.curve().stream().map(TrainedCell.EpochPoint::elapsed).toList();
            m.add(curve(task, engineId, params, Names.METRIC_TRAIN_LOSS, loss, unitOfLoss(variant), q, met, stamp));
            m.add(curve(task, engineId, params, Names.METRIC_ELAPSED, elapsed, Names.UNIT_SECONDS, q, met, stamp));
            // the target metric per epoch (the other test metrics are kept for the end of training only)
            String metric = task.target().metric().resultName();
            List<Double> series = cell.curve().stream().map(p -> p.evaluation().metrics().get(metric)).toList();
            m.add(curve(task, engineId, params, metric, series, Evaluation.unitOf(metric), q, met, stamp));
        }
        return m;
    }

    private static String unitOfLoss(TaskSpec task) {
        return task.isRegression() ? "squared " + Names.UNIT_TARGET : Names.UNIT_NATS;
    }

    private static Measurement curve(TaskSpec task, String engine, Map<String, String> params, String metric,
                                     List<Double> series, String unit, double quality, boolean met,
                                     DatasetStamp stamp) {
        double last = series.isEmpty() ? Double.NaN : series.get(series.size() - 1);
        List<Double> finite = series.stream().map(v -> v == null || !Double.isFinite(v) ? null : v).toList();
        boolean complete = finite.stream().allMatch(java.util.Objects::nonNull);
        return new Measurement(task.id(), engine, "cpu", Names.SCENARIO_TRAINING_CURVE, params, metric, last, unit,
                null, (long) series.size(), null, complete ? finite : null, quality, met, stamp);
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
        if (task.isNetwork()) {
            params.put(Names.PARAM_BATCH_SIZE, Integer.toString(task.training().batchSize()));
            params.put("epochs", Integer.toString(task.training().epochs()));
        }
        Long seed = Seeds.of(task);
        if (seed != null) {
            params.put(Names.PARAM_SEED, Long.toString(seed));
        }
        return params;
    }

    /**
     * A quality-scenario figure. {@link Measurement#accuracy()} carries the value of the task's target metric (the
     * test accuracy for a classifier), so every figure says how good the model behind it was.
     */
    private static Measurement quality(TaskSpec task, String engine, Map<String, String> params, String metric,
                                       double value, String unit, double quality, boolean met, DatasetStamp stamp) {
        return new Measurement(task.id(), engine, "cpu", Names.SCENARIO_QUALITY, params, metric, value, unit, null,
                1L, null, null, quality, met, stamp);
    }

    /** The reference engine goes first, so its results exist when the others are compared with it. */
    private static List<EngineProvider> orderReferenceFirst(List<EngineProvider> providers) {
        List<EngineProvider> ordered = new ArrayList<>();
        providers.stream().filter(p -> p.id().equals(REFERENCE)).forEach(ordered::add);
        providers.stream().filter(p -> !p.id().equals(REFERENCE)).forEach(ordered::add);
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
