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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The quality stage: trains every selected task on every selected engine from identical initial parameters,
 * measures test accuracy, log-loss and training time, and the parity of each engine's test probabilities with
 * the reference engine's. Each cell runs isolated: an engine that fails to load or a task that fails marks its
 * cell FAILED with the reason and the run goes on. The results file is rewritten after every cell, so an
 * interrupted run keeps what it measured.
 */
public final class QualityRun {
    static final String REFERENCE = "reference";
    private final RunSettings settings;
    private final PrintStream log;

    public QualityRun(RunSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /** Runs the stage and writes {@link RunSettings#qualityFile()}. */
    public RunResults run() {
        List<TaskSpec> tasks = TaskCatalogue.builtIn().select(settings.tasks());
        List<EngineProvider> providers = Engines.select(settings.engines());
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
        RunResults results = new RunResults(RunResults.SCHEMA_VERSION, UUID.randomUUID().toString(),
                EnvironmentProbe.capture(settings.threads(), Path.of("").toAbsolutePath()), List.of(), tasks,
                datasets, List.of(), dataCells);
        save(results);

        // test-set probabilities per task and engine, for the parity check against the reference engine
        Map<String, Map<String, float[][]>> probabilities = new LinkedHashMap<>();
        List<EngineInfo> engineInfos = new ArrayList<>();
        for (EngineProvider provider : orderReferenceFirst(providers)) {
            Engine engine;
            try {
                engine = provider.open(new EngineConfig(settings.threads(), settings.cacheDir()));
            } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
                String reason = "engine could not be opened: " + describe(e);
                log.println("[quality] " + provider.id() + ": FAILED, " + reason);
                List<CellStatus> cells = new ArrayList<>();
                for (TaskSpec task : tasks) {
                    if (!data.containsKey(task.id())) {
                        continue;
                    }
                    cells.add(new CellStatus(task.id(), provider.id(), "cpu", Names.STAGE_OPEN,
                            CellStatus.Status.FAILED, reason));
                }
                results = results.plus(List.of(), cells);
                save(results);
                continue;
            }
            try (engine) {
                engineInfos.add(engine.info());
                results = withEngines(results, engineInfos);
                for (TaskSpec task : tasks) {
                    if (!data.containsKey(task.id())) {
                        continue;
                    }
                    results = runCell(results, engine, provider.id(), task, data.get(task.id()), probabilities);
                    save(results);
                }
            } catch (RuntimeException | LinkageError e) {
                log.println("[quality] " + provider.id() + ": engine failed while closing: " + describe(e));
            }
        }
        return results;
    }

    private RunResults runCell(RunResults results, Engine engine, String engineId, TaskSpec task, TrainTestData d,
                               Map<String, Map<String, float[][]>> probabilities) {
        Support support = engine.supports(task);
        if (!support.supported()) {
            log.println("[quality] " + task.id() + " on " + engineId + ": unsupported, " + support.reason());
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                    CellStatus.Status.UNSUPPORTED, support.reason())));
        }
        TrainedCell cell;
        try {
            cell = CellTrainer.train(engine, task, d);
        } catch (RuntimeException | LinkageError e) {
            String reason = "training failed: " + describe(e);
            log.println("[quality] " + task.id() + " on " + engineId + ": FAILED, " + reason);
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY,
                    CellStatus.Status.FAILED, reason)));
        }
        try (var model = cell.model()) {
            try {
                new ModelStore(settings.modelDir()).save(task.id(), engineId, model.exportParameters());
            } catch (IOException | RuntimeException e) {
                log.println("[quality] " + task.id() + " on " + engineId + ": trained parameters not saved ("
                        + describe(e) + "); the JMH forks will train their own model");
            }
            boolean met = task.target().isMetBy(cell.accuracy());
            DatasetStamp stamp = new DatasetStamp(d.info().id(), d.info().sha256(), d.split(), d.info().synthetic());
            Map<String, String> params = new LinkedHashMap<>();
            params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
            params.put(Names.PARAM_BATCH_SIZE, Integer.toString(task.training().batchSize()));
            params.put("epochs", Integer.toString(task.training().epochs()));
            List<Measurement> m = new ArrayList<>();
            m.add(quality(task, engineId, params, Names.METRIC_ACCURACY, cell.accuracy(), Names.UNIT_FRACTION,
                    cell, met, stamp));
            m.add(quality(task, engineId, params, Names.METRIC_TRAIN_TIME, cell.trainSeconds(), Names.UNIT_SECONDS,
                    cell, met, stamp));
            m.add(quality(task, engineId, params, Names.METRIC_LOG_LOSS, cell.logLoss(), Names.UNIT_NATS, cell, met,
                    stamp));
            Map<String, float[][]> byEngine = probabilities.computeIfAbsent(task.id(), k -> new LinkedHashMap<>());
            byEngine.put(engineId, cell.probabilities());
            float[][] reference = byEngine.get(REFERENCE);
            String parity = "";
            if (reference != null && !engineId.equals(REFERENCE)) {
                double diff = CellTrainer.maxAbsDiff(reference, cell.probabilities());
                m.add(quality(task, engineId, params, Names.METRIC_PARITY, diff, Names.UNIT_PROBABILITY, cell, met,
                        stamp));
                parity = String.format(Locale.ROOT, ", parity vs reference %.2e", diff);
            }
            log.println(String.format(Locale.ROOT, "[quality] %s on %s: accuracy %.4f (target %.2f %s), "
                            + "train %.3f s, log-loss %.4f%s", task.id(), engineId, cell.accuracy(),
                    task.target().threshold(), met ? "met" : "NOT met", cell.trainSeconds(), cell.logLoss(), parity));
            CellStatus status = met
                    ? new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY, CellStatus.Status.OK, "")
                    : new CellStatus(task.id(), engineId, "cpu", Names.STAGE_QUALITY, CellStatus.Status.BELOW_TARGET,
                    String.format(Locale.ROOT, "test accuracy %.4f is below the target %.2f", cell.accuracy(),
                            task.target().threshold()));
            return results.plus(m, List.of(status));
        }
    }

    private static Measurement quality(TaskSpec task, String engine, Map<String, String> params, String metric,
                                       double value, String unit, TrainedCell cell, boolean met, DatasetStamp stamp) {
        return new Measurement(task.id(), engine, "cpu", Names.SCENARIO_QUALITY, params, metric, value, unit, null,
                1L, null, null, cell.accuracy(), met, stamp);
    }

    /** The reference engine goes first, so every other engine can be compared with it as it finishes. */
    private static List<EngineProvider> orderReferenceFirst(List<EngineProvider> providers) {
        List<EngineProvider> ordered = new ArrayList<>();
        providers.stream().filter(p -> p.id().equals(REFERENCE)).forEach(ordered::add);
        providers.stream().filter(p -> !p.id().equals(REFERENCE)).forEach(ordered::add);
        return ordered;
    }

    private static RunResults withEngines(RunResults r, List<EngineInfo> engines) {
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), engines, r.tasks(), r.datasets(),
                r.measurements(), r.cells());
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
