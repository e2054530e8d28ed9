package dev.jmlbench.suites.harness;

import dev.jmlbench.conformance.ParityCheck;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.EngineProvider;
import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.params.Parameters;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.datasets.Datasets;
import dev.jmlbench.reports.ParityTable;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The parity stage, run after the quality stage and before JMH: for every selected task and engine it loads
 * identical canonical probe parameters ({@link ParityCheck#probeParameters}: Glorot weights, distinct biases, seed
 * {@value #PROBE_SEED}) into the engine and into the reference engine, predicts the first
 * {@value #EXAMPLES} test examples on both without training, and records the largest absolute and relative difference
 * of the outputs and, layer by layer where both engines expose their layers, the first layer beyond its float32
 * tolerance ({@link dev.jmlbench.conformance.Tolerances}). Figures go into the quality file as measurements of
 * scenario {@link ParityTable#SCENARIO} (names in {@link ParityTable}), one cell per (task, engine) at stage
 * {@value #STAGE}: OK, or FAILED naming the first divergent layer. It takes seconds: no training, one small batch.
 */
public final class ParityRun {
    /** Stage name of the cells this stage writes. */
    public static final String STAGE = "parity";
    /** Seed of the probe weights ({@link ParityCheck#probeParameters}). */
    static final long PROBE_SEED = 17;
    /** Test examples compared per task. */
    static final int EXAMPLES = 32;

    private final RunSettings settings;
    private final PrintStream log;

    public ParityRun(RunSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Adds the parity figures to {@link RunSettings#qualityFile()} and rewrites it.
     *
     * @throws IllegalStateException when the quality stage has not written its file yet
     */
    public RunResults run() {
        if (!Files.isRegularFile(settings.qualityFile())) {
            throw new IllegalStateException("the parity stage adds to " + settings.qualityFile() + ", which does not"
                    + " exist; run the quality stage first (jmlbench run --stage quality)");
        }
        // forward parity needs canonical weights: networks only (a forest has none to share)
        List<TaskSpec> tasks = settings.selectedTasks().stream().filter(TaskSpec::isNetwork).toList();
        List<String> engineIds = Engines.select(settings.engines()).stream().map(EngineProvider::id).toList();
        RunResults results = withoutEarlierParity(ResultsJson.read(settings.qualityFile()),
                tasks.stream().map(TaskSpec::id).toList(), engineIds);
        Map<String, TaskData> data = new LinkedHashMap<>();
        for (TaskSpec task : tasks) {
            try {
                data.put(task.id(), TaskData.load(task));
            } catch (DatasetException e) {
                log.println("[parity] " + task.id() + ": skipped, " + e.getMessage()); // quality recorded the cell
            }
        }
        EngineConfig config = new EngineConfig(settings.threads(), settings.cacheDir());
        Engine reference;
        try {
            reference = Engines.find(QualityRun.REFERENCE).open(config);
        } catch (EngineUnavailableException | RuntimeException e) {
            log.println("[parity] the reference engine could not be opened, no parity figures: "
                    + QualityRun.describe(e));
            return results;
        }
        try (reference) {
            for (EngineProvider provider : Engines.select(settings.engines())) {
                if (provider.id().equals(QualityRun.REFERENCE)) {
                    continue;
                }
                results = runEngine(results, provider, config, reference, tasks, data);
                save(results);
            }
        }
        return results;
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
            for (TaskSpec task : tasks) {
                TaskData d = data.get(task.id());
                if (d == null || !engine.supports(task).supported()) {
                    continue; // data missing or engine unsupported: the quality stage recorded why
                }
                Support ref = reference.supports(task);
                if (!ref.supported()) {
                    cells.add(new CellStatus(task.id(), provider.id(), "cpu", STAGE, CellStatus.Status.SKIPPED,
                            "no oracle: the reference engine does not support this task: " + ref.reason()));
                    continue;
                }
                try {
                    compare(task, d, provider.id(), engine, reference, measurements, cells);
                } catch (RuntimeException | LinkageError e) {
                    String reason = "parity check failed: " + QualityRun.describe(e);
                    log.println("[parity] " + task.id() + " on " + provider.id() + ": FAILED, " + reason);
                    cells.add(new CellStatus(task.id(), provider.id(), "cpu", STAGE, CellStatus.Status.FAILED, reason));
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
                ? new CellStatus(task.id(), engineId, "cpu", STAGE, CellStatus.Status.OK, "")
                : new CellStatus(task.id(), engineId, "cpu", STAGE, CellStatus.Status.FAILED,
                "forward pass differs from the reference engine's on identical weights: " + report.summary()));
    }

    private static Measurement measurement(TaskSpec task, String engine, Map<String, String> params, String metric,
                                           double value, String unit, int examples, DatasetStamp stamp) {
        return new Measurement(task.id(), engine, "cpu", ParityTable.SCENARIO, params, metric, value, unit, null,
                (long) examples, null, null, null, null, stamp);
    }

    private void save(RunResults results) {
        try {
            ResultsJson.write(settings.qualityFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.qualityFile(), e);
        }
    }
}
