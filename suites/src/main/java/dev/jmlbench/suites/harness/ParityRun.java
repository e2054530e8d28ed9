package dev.jmlbench.suites.harness;

import dev.jmlbench.conformance.ParityCheck;
import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.reports.ParityTable;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The parity stage, run after the quality stage and before JMH: for every selected task and engine it loads
 * identical canonical probe parameters ({@link ParityCheck#probeParameters}: Glorot weights, distinct biases, seed
 * {@value #PROBE_SEED}) into the engine and into the reference engine, predicts the first
 * {@value #EXAMPLES} test examples on both without training, and records the largest absolute and relative difference
 * of the outputs and, layer by layer where both engines expose their layers, the first layer beyond its float32
 * tolerance ({@link dev.jmlbench.conformance.Tolerances}). Figures go into the stage's own file,
 * {@link RunSettings#parityFile()}, as measurements of scenario {@link ParityTable#SCENARIO} (names in
 * {@link ParityTable}), one cell per (task, engine) at stage {@value #STAGE}: OK, or FAILED naming the first
 * divergent layer. The stage needs no other stage's output (the probe weights are not trained), and only the merge
 * stage combines its file with the others. It takes seconds: no training, one small batch.
 */
public final class ParityRun {
    /** Stage name of the cells this stage writes. */
    public static final String STAGE = Names.STAGE_PARITY;
    /** Seed of the probe weights ({@link ParityCheck#probeParameters}). */
    public static final long PROBE_SEED = 17;
    /** Test examples compared per task. */
    public static final int EXAMPLES = 32;

    private final RunSettings settings;
    private final PrintStream log;
    private final boolean resume;

    /** A fresh parity run: its file holds only what this run compares. */
    public ParityRun(RunSettings settings, PrintStream log) {
        this(settings, log, false);
    }

    /**
     * @param resume keep the figures and cells of an earlier parity file in the same output folder for the
     *               (task, engine) pairs this run does not compare again
     */
    public ParityRun(RunSettings settings, PrintStream log, boolean resume) {
        this.settings = settings;
        this.log = log;
        this.resume = resume;
    }

    /** Runs the stage and writes {@link RunSettings#parityFile()} (after every engine). */
    public RunResults run() {
        // forward parity needs canonical weights: networks only (a forest has none to share)
        List<TaskSpec> tasks = settings.selectedTasks().stream().filter(TaskSpec::isNetwork).toList();
        List<String> engineIds = Engines.select(settings.engines()).stream().map(EngineProvider::id).toList();
        StageData stageData = StageData.load(tasks);
        // a task without data is skipped here: the quality stage records its cell
        stageData.missing().forEach((task, e) -> log.println("[parity] " + task + ": skipped, " + e.getMessage()));
        Map<String, TaskData> data = stageData.byTask();
        List<DatasetInfo> datasets = stageData.datasets();
        RunResults earlier = resume ? earlier() : null;
        RunResults results = new RunResults(RunResults.SCHEMA_VERSION, UUID.randomUUID().toString(),
                EnvironmentProbe.capture(settings.threads(), Path.of("").toAbsolutePath()), List.of(), tasks,
                datasets, List.of(), List.of());
        if (earlier != null) {
            results = ResultsUnion.of(results,
                    withoutEarlierParity(earlier, tasks.stream().map(TaskSpec::id).toList(), engineIds));
        }
        save(results);
        EngineConfig config = new EngineConfig(settings.threads(), settings.cacheDir());
        Engine reference;
        try {
            reference = Engines.find(QualityRun.reference()).open(config);
        } catch (EngineUnavailableException | RuntimeException e) {
            log.println("[parity] the reference engine could not be opened, no parity figures: "
                    + QualityRun.describe(e));
            return results;
        }
        try (reference) {
            results = ResultsUnion.withEngine(results, reference.info());
            for (EngineProvider provider : Engines.select(settings.engines())) {
                if (provider.id().equals(QualityRun.reference())) {
                    continue;
                }
                results = runEngine(results, provider, config, reference, tasks, data);
                save(results);
            }
        }
        return results;
    }

    /** The earlier parity file in the output folder, or null when there is none or it cannot be read. */
    private RunResults earlier() {
        if (!Files.isRegularFile(settings.parityFile())) {
            return null;
        }
        try {
            return ResultsJson.read(settings.parityFile());
        } catch (MalformedResultsException e) {
            log.println("[parity] not resuming: " + e.getMessage());
            return null;
        }
    }

    /** {@code r} without the parity figures and cells of the cells about to be measured again (a resumed run). */
    static RunResults withoutEarlierParity(RunResults r, List<String> tasks, List<String> engines) {
        List<Measurement> m = r.measurements().stream()
                .filter(x -> !(ParityTable.SCENARIO.equals(x.scenario()) && tasks.contains(x.task())
                        && engines.contains(x.engine())))
                .toList();
        List<CellStatus> c = r.cells().stream()
                .filter(x -> !(STAGE.equals(x.stage()) && tasks.contains(x.task()) && engines.contains(x.engine())))
                .toList();
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(), r.datasets(), m,
                c, r.provenance());
    }

    private RunResults runEngine(RunResults results, EngineProvider provider, EngineConfig config, Engine reference,
                                 List<TaskSpec> tasks, Map<String, TaskData> data) {
        Engine engine;
        try {
            engine = provider.open(config);
        } catch (EngineUnavailableException | RuntimeException | LinkageError e) {
            log.println("[parity] " + provider.id() + ": not compared, engine could not be opened: "
                    + QualityRun.describe(e)); // the quality stage recorded the failed cell
            return results;
        }
        List<Measurement> measurements = new ArrayList<>();
        List<CellStatus> cells = new ArrayList<>();
        try (engine) {
            results = ResultsUnion.withEngine(results, engine.info());
            for (TaskSpec task : tasks) {
                TaskData d = data.get(task.id());
                if (d == null || !engine.supports(task).supported()) {
                    continue; // data missing or engine unsupported: the quality stage recorded why
                }
                Support ref = reference.supports(task);
                if (!ref.supported()) {
                    cells.add(new CellStatus(task.id(), provider.id(), Names.DEVICE_CPU, STAGE, CellStatus.Status.SKIPPED,
                            "no oracle: the reference engine does not support this task: " + ref.reason()));
                    continue;
                }
                try {
                    compare(task, d, provider.id(), engine, reference, measurements, cells);
                } catch (RuntimeException | LinkageError e) {
                    String reason = "parity check failed: " + QualityRun.describe(e);
                    log.println("[parity] " + task.id() + " on " + provider.id() + ": FAILED, " + reason);
                    cells.add(new CellStatus(task.id(), provider.id(), Names.DEVICE_CPU, STAGE, CellStatus.Status.FAILED, reason));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            log.println("[parity] " + provider.id() + ": engine failed while closing: " + QualityRun.describe(e));
        }
        return results.plus(measurements, cells);
    }

    private void compare(TaskSpec task, TaskData d, String engineId, Engine engine, Engine reference,
                         List<Measurement> measurements, List<CellStatus> cells) {
        Parameters weights = ParityCheck.probeParameters(task.model(), PROBE_SEED);
        float[][] x = Arrays.copyOf(d.testFeatures(), Math.min(EXAMPLES, d.testFeatures().length));
        ParityCheck.Report report;
        try (Model ref = reference.build(task); Model model = engine.build(task)) {
            ref.importParameters(weights);
            model.importParameters(weights);
            report = ParityCheck.compare(task.model(), model, ref, x);
        }
        DatasetStamp stamp = new DatasetStamp(d.info().id(), d.info().sha256(), d.split(), d.info().synthetic());
        String first = report.firstDivergence().map(ParityCheck.LayerParity::label).orElse(ParityTable.NONE);
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
        params.put(ParityTable.PARAM_EXAMPLES, Integer.toString(x.length));
        params.put(ParityTable.PARAM_COMPARISON, report.layerByLayer() ? "layer by layer" : "output only");
        params.put(ParityTable.PARAM_ALLOWANCE, String.format(Locale.ROOT, "%.1e", report.output().allowance()));
        params.put(ParityTable.PARAM_FIRST_DIVERGENCE, first);
        measurements.add(measurement(task, engineId, params, ParityTable.METRIC_MAX_ABS, report.output().maxAbs(),
                ParityTable.UNIT_PROBABILITY, x.length, stamp));
        measurements.add(measurement(task, engineId, params, ParityTable.METRIC_MAX_REL, report.output().maxRel(),
                ParityTable.UNIT_RELATIVE, x.length, stamp));
        for (ParityCheck.LayerParity layer : report.layers()) {
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put(ParityTable.PARAM_LAYER, Integer.toString(layer.layer()));
            p.put(ParityTable.PARAM_KIND, layer.kind());
            p.put(ParityTable.PARAM_ALLOWANCE, String.format(Locale.ROOT, "%.1e", layer.allowance()));
            measurements.add(measurement(task, engineId, p, ParityTable.METRIC_LAYER_MAX_ABS, layer.maxAbs(),
                    ParityTable.UNIT_VALUE, x.length, stamp));
        }
        log.println("[parity] " + task.id() + " on " + engineId + ": " + report.summary());
        cells.add(report.passed()
                ? new CellStatus(task.id(), engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.OK, "")
                : new CellStatus(task.id(), engineId, Names.DEVICE_CPU, STAGE, CellStatus.Status.FAILED,
                "forward pass differs from the reference engine's on identical weights: " + report.summary()));
    }

    private static Measurement measurement(TaskSpec task, String engine, Map<String, String> params, String metric,
                                           double value, String unit, int examples, DatasetStamp stamp) {
        return Measurement.of(task.id(), engine, Names.SCENARIO_PARITY_FORWARD, metric).params(params)
                .value(value, unit).samples(examples).dataset(stamp).build();
    }

    private void save(RunResults results) {
        try {
            ResultsJson.write(settings.parityFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.parityFile(), e);
        }
    }
}
