package dev.jmlbench.suites.harness;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
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
import java.util.Map;
import java.util.UUID;

/**
 * The studies stage: the classic scaling study ({@link ScalingStudy}) and the long-sequence experiment
 * ({@link LongSequenceStudy}) on every engine. Each engine runs in its own JVM (like the
 * quality stage); results go to {@link #file(RunSettings)} after every engine, and the merge stage adds them to
 * results.json.
 */
public final class StudyRun {
    private final RunSettings settings;
    private final PrintStream log;
    private final QualityRun.Isolation isolation;
    private final Duration engineTimeout;
    private final boolean divergence;

    /**
     * @param divergence whether this JVM draws the training-divergence curves ({@link DivergenceStudy}, every
     *                   engine in this JVM); the stage's own child JVMs do not
     */
    public StudyRun(RunSettings settings, PrintStream log, QualityRun.Isolation isolation, Duration engineTimeout,
                    boolean divergence) {
        this.settings = settings;
        this.log = log;
        this.isolation = isolation;
        this.engineTimeout = engineTimeout;
        this.divergence = divergence;
    }

    public StudyRun(RunSettings settings, PrintStream log, QualityRun.Isolation isolation, Duration engineTimeout) {
        this(settings, log, isolation, engineTimeout, true);
    }

    /** The studies' results file in {@code settings}' output folder. */
    public static Path file(RunSettings settings) {
        return settings.outDir().resolve("studies.json");
    }

    /** Runs the studies for the selected engines and writes {@link #file}. */
    public RunResults run() {
        List<TaskSpec> scaling = scalingTasks();
        RunResults results = new RunResults(RunResults.SCHEMA_VERSION, UUID.randomUUID().toString(),
                EnvironmentProbe.capture(settings.threads(), Path.of("").toAbsolutePath()), List.of(), scaling,
                List.of(), List.of(), List.of());
        save(results);
        if (divergence) {
            results = divergence(results);
            save(results);
        }
        if (scaling.isEmpty() && !settings.tasks().isEmpty()) {
            log.println("[studies] nothing to run: the named tasks include none of the scaling study's "
                    + TaskCatalogue.active().group("scaling", settings.preset().name()) + ", and the long-sequence experiment runs only when no tasks are named");
            return results;
        }
        for (EngineProvider provider : Engines.select(settings.engines())) {
            results = isolation == QualityRun.Isolation.PROCESS ? runChild(results, provider.id(), scaling)
                    : runEngine(results, provider, scaling);
            save(results);
        }
        return results;
    }

    /**
     * The training-divergence curves of the catalogue's {@code divergence} tasks of the preset (those the selection
     * includes), with every selected engine and the parity reference in this JVM.
     */
    private RunResults divergence(RunResults results) {
        TaskCatalogue catalogue = TaskCatalogue.active();
        List<String> named = settings.tasks();
        List<Measurement> out = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        List<DatasetInfo> datasets = new ArrayList<>(results.datasets());
        for (String id : catalogue.group(DivergenceStudy.STAGE, settings.preset().name())) {
            if (!named.isEmpty() && !named.contains(id) || !settings.inShard(id)) {
                continue;
            }
            TaskSpec task = catalogue.get(id);
            String reference = QualityRun.reference();
            try {
                if (!(TaskData.load(task) instanceof TaskData.Classification data) || !task.isNetwork()) {
                    cells.add(new CellStatus(id, reference, Names.DEVICE_CPU, DivergenceStudy.STAGE,
                            CellStatus.Status.FAILED, "divergence curves need a network classification task"));
                    continue;
                }
                if (datasets.stream().noneMatch(i -> i.id().equals(data.info().id()))) {
                    datasets.add(data.info());
                }
                log.println("[studies] training divergence of " + id + " (checkpoints "
                        + DivergenceStudy.CHECKPOINTS + ", -1 = end of the recipe)");
                DivergenceStudy.Curves curves = DivergenceStudy.run(task, data, Engines.select(settings.engines()),
                        DivergenceStudy.CHECKPOINTS, PROBE_EXAMPLES,
                        new EngineConfig(settings.threads(), settings.cacheDir()), log::println);
                out.addAll(DivergenceStudy.measurements(task, curves, settings.threads()));
            } catch (DatasetException e) {
                cells.add(new CellStatus(id, reference, Names.DEVICE_CPU, DivergenceStudy.STAGE,
                        e instanceof DatasetUnavailableException ? CellStatus.Status.SKIPPED
                                : CellStatus.Status.FAILED, e.getMessage()));
            } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
                log.println("[studies] training divergence of " + id + ": FAILED, " + QualityRun.describe(e));
                cells.add(new CellStatus(id, reference, Names.DEVICE_CPU, DivergenceStudy.STAGE,
                        CellStatus.Status.FAILED, "training divergence failed: " + QualityRun.describe(e)));
            }
        }
        RunResults r = results.plus(out, cells);
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(), datasets,
                r.measurements(), r.cells(), r.provenance());
    }

    /** Test examples the divergence curves compare outputs on. */
    private static final int PROBE_EXAMPLES = 1000;

    /**
     * The catalogue's scaling tasks of the preset (group {@code scaling} of {@code groups.json}) that the selection
     * includes (all of them unless tasks were named).
     */
    private List<TaskSpec> scalingTasks() {
        List<String> named = settings.tasks();
        TaskCatalogue catalogue = TaskCatalogue.active();
        return catalogue.group("scaling", settings.preset().name()).stream().filter(id -> named.isEmpty() || named.contains(id))
                .filter(settings::inShard).map(catalogue::get).toList(); // not select(): it reads an empty list as "every task"
    }

    private RunResults runEngine(RunResults results, EngineProvider provider, List<TaskSpec> scaling) {
        List<Measurement> out = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        List<DatasetInfo> datasets = new ArrayList<>(results.datasets());
        Engine engine;
        try {
            engine = provider.open(new EngineConfig(settings.threads(), settings.cacheDir()));
        } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
            String reason = "engine could not be opened: " + QualityRun.describe(e);
            log.println("[studies] " + provider.id() + ": FAILED, " + reason);
            return results.plus(List.of(), List.of(new CellStatus(ScalingStudy.STAGE, provider.id(), Names.DEVICE_CPU,
                    ScalingStudy.STAGE, CellStatus.Status.FAILED, reason)));
        }
        try (engine) {
            List<EngineInfo> engines = new ArrayList<>(results.engines());
            engines.add(engine.info());
            Map<String, TaskData> loaded = new LinkedHashMap<>();
            ScalingStudy study = new ScalingStudy(settings, log);
            for (TaskSpec task : scaling) {
                TaskData data;
                try {
                    data = loaded.computeIfAbsent(task.dataset().id(), id -> TaskData.load(task));
                } catch (DatasetException e) {
                    CellStatus.Status status = e instanceof DatasetUnavailableException
                            ? CellStatus.Status.SKIPPED : CellStatus.Status.FAILED;
                    cells.add(new CellStatus(task.id(), provider.id(), Names.DEVICE_CPU, ScalingStudy.STAGE, status,
                            e.getMessage()));
                    continue;
                }
                if (datasets.stream().noneMatch(i -> i.id().equals(data.info().id()))) {
                    datasets.add(data.info());
                }
                study.run(engine, provider.id(), task, data, out, cells);
            }
            if (settings.preset().leakCheckSeconds() > 0) {
                TaskCatalogue catalogue = TaskCatalogue.active();
                for (String id : catalogue.group("leak-check", settings.preset().name())) {
                    if (!settings.inShard(id)) {
                        continue;
                    }
                    TaskSpec task = catalogue.get(id);
                    if (!engine.supports(task).supported()) {
                        continue;
                    }
                    try {
                        out.addAll(LeakCheck.run(engine, provider.id(), task, TaskData.load(task),
                                settings.preset().leakCheckSeconds(), settings.threads(), log));
                    } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                        cells.add(new CellStatus(id, provider.id(), Names.DEVICE_CPU, LeakCheck.SCENARIO,
                                CellStatus.Status.FAILED, "leak check failed: " + QualityRun.describe(e)));
                    }
                }
            }
            // a study of the engine, not of a catalogue task: the first shard runs it, on every engine
            if (settings.tasks().isEmpty() && settings.shard().index() == 1) {
                new LongSequenceStudy(settings, log).run(engine, provider.id(), out, cells);
            }
            RunResults r = results.plus(out, cells);
            return new RunResults(r.schemaVersion(), r.runId(), r.environment(), engines, r.tasks(), datasets,
                    r.measurements(), r.cells(), r.provenance());
        } catch (RuntimeException | LinkageError e) {
            log.println("[studies] " + provider.id() + ": engine failed: " + QualityRun.describe(e));
            return results.plus(out, cells);
        }
    }

    private RunResults runChild(RunResults results, String engineId, List<TaskSpec> scaling) {
        Path childOut = settings.outDir().resolve("engines").resolve(engineId);
        Path childFile = childOut.resolve("studies.json");
        String failure;
        try {
            Files.createDirectories(childOut);
            Files.deleteIfExists(childFile);
            List<String> args = new ArrayList<>(List.of("run", "--stage", "studies", "--no-divergence", "--isolation",
                    "none", "--out",
                    childOut.toAbsolutePath().toString(), "--engines", engineId, "--threads",
                    Integer.toString(settings.threads()), "--preset", settings.preset().name(), "--cache-dir",
                    settings.cacheDir().toAbsolutePath().toString()));
            if (!settings.tasks().isEmpty()) {
                args.addAll(List.of("--tasks", String.join(",", settings.tasks())));
            }
            if (!settings.shard().whole()) {
                args.addAll(List.of("--shard", settings.shard().toString()));
                if (!settings.shard().costs().estimated()) {
                    args.addAll(List.of("--shard-costs", settings.shard().costs().source().toAbsolutePath().toString()));
                }
            }
            failure = ChildJvm.run(args, engineTimeout);
        } catch (IOException e) {
            failure = "the engine's output folder could not be prepared: " + e.getMessage();
        }
        if (Files.isRegularFile(childFile)) {
            try {
                RunResults child = ResultsJson.read(childFile);
                List<DatasetInfo> datasets = new ArrayList<>(results.datasets());
                child.datasets().stream().filter(d -> datasets.stream().noneMatch(i -> i.id().equals(d.id())))
                        .forEach(datasets::add);
                List<EngineInfo> engines = new ArrayList<>(results.engines());
                engines.addAll(child.engines());
                RunResults r = results.plus(child.measurements(), child.cells());
                results = new RunResults(r.schemaVersion(), r.runId(), r.environment(), engines, r.tasks(), datasets,
                        r.measurements(), r.cells(), r.provenance());
            } catch (MalformedResultsException e) {
                failure = (failure == null ? "" : failure + "; ") + e.getMessage();
            }
        }
        if (failure != null) {
            log.println("[studies] " + engineId + ": " + failure);
            results = results.plus(List.of(), List.of(new CellStatus("studies", engineId, Names.DEVICE_CPU, ScalingStudy.STAGE,
                    CellStatus.Status.FAILED, failure)));
        }
        return results;
    }

    private void save(RunResults results) {
        try {
            Files.createDirectories(settings.outDir());
            ResultsJson.write(file(settings), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(settings), e);
        }
    }
}
