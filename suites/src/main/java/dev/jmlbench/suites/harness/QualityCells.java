package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.engine.Support;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.DatasetStamp;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.ModelProvenance;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The quality stage's logic for one (task, engine) cell, whichever JVM it runs in: asks the engine whether it
 * supports the task, trains it once per seed of the preset, measures every quality figure (metrics, cost, memory,
 * per-epoch curves), keeps a network's trained parameters and test outputs for the later stages, and says how the
 * cell ended (OK, below target, unsupported or failed with the reason).
 *
 * <p>A cell of several seeds can take hours (the full preset's random forest on an engine that is slow at it), so
 * the results so far are handed to a checkpoint after every seed, and a seed whose figures the results already
 * hold (a resumed run) is not trained again: an interruption costs at most the seed it hit.
 */
final class QualityCells {
    private final RunSettings settings;
    private final PrintStream log;
    private final Consumer<RunResults> checkpoint;

    /** Cells whose finished seeds go nowhere until the cell ends (figures only, e.g. {@link #paramsOf}). */
    QualityCells(RunSettings settings, PrintStream log) {
        this(settings, log, r -> { });
    }

    /**
     * @param checkpoint receives the results with every finished seed's figures after each seed (the cell's status
     *                   is added only when all seeds ended), to be saved where a resumed run finds them
     */
    QualityCells(RunSettings settings, PrintStream log, Consumer<RunResults> checkpoint) {
        this.settings = settings;
        this.log = log;
        this.checkpoint = checkpoint;
    }

    /** The cell on every device of the run: trained and measured where the engine can use it, else skipped. */
    RunResults run(RunResults results, Engine engine, String engineId, TaskSpec task, TaskData d) {
        for (String device : settings.devices()) {
            DeviceStatus status;
            try {
                status = engine.device(device);
            } catch (RuntimeException | LinkageError e) {
                status = DeviceStatus.skipped(device, "the engine failed while saying whether it can use it: "
                        + QualityRun.describe(e));
            }
            if (!status.available()) {
                log.println("[quality] " + task.id() + " on " + engineId + " " + device + ": skipped, "
                        + status.reason());
                results = results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, device,
                        Names.STAGE_QUALITY, CellStatus.Status.SKIPPED, "device " + device + ": " + status.reason())));
                continue;
            }
            results = runOn(results, engine, engineId, task, d, device);
        }
        return results;
    }

    private RunResults runOn(RunResults results, Engine engine, String engineId, TaskSpec task, TaskData d,
                             String device) {
        String where = device.equals(Names.DEVICE_CPU) ? engineId : engineId + " " + device;
        Support support;
        try {
            support = engine.supports(task);
        } catch (RuntimeException | LinkageError e) {
            String reason = "the engine failed while deciding whether it supports the task: " + QualityRun.describe(e);
            log.println("[quality] " + task.id() + " on " + where + ": FAILED, " + reason);
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, device, Names.STAGE_QUALITY,
                    CellStatus.Status.FAILED, reason)));
        }
        if (!support.supported()) {
            log.println("[quality] " + task.id() + " on " + where + ": unsupported, " + support.reason());
            return results.plus(List.of(), List.of(new CellStatus(task.id(), engineId, device, Names.STAGE_QUALITY,
                    CellStatus.Status.UNSUPPORTED, support.reason())));
        }
        List<Measurement> measured = new ArrayList<>();
        Map<String, Measurement> earlier = seedsMeasured(results, task, engineId, device);
        CellStatus status = null;
        for (int seedIndex = 0; seedIndex < Seeds.count(task, settings.preset()); seedIndex++) {
            TaskSpec variant = Seeds.variant(task, seedIndex);
            Measurement kept = earlier.get(seedKey(Seeds.of(variant)));
            if (kept != null) {
                log.println(String.format(Locale.ROOT, "[quality] %s on %s%s: %s %.4f, kept from the earlier run",
                        task.id(), where, seedIndex > 0 ? " seed " + Seeds.of(variant) : "",
                        task.target().metric().resultName(), kept.accuracy()));
                status = statusAfter(status, task, engineId, device, variant, seedIndex, kept.accuracy(),
                        Boolean.TRUE.equals(kept.qualityMet()));
                continue;
            }
            Progress.Training progress = Progress.training(log, task.id(), engineId, seedIndex,
                    task.isNetwork() ? task.training().epochs() : 1);
            TrainedCell cell;
            try {
                cell = CellTrainer.train(engine, variant, d, true, progress, device);
            } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
                String reason = "training failed" + (seedIndex > 0 ? " with seed " + Seeds.of(variant) : "") + ": "
                        + QualityRun.describe(e);
                log.println("[quality] " + task.id() + " on " + where + ": FAILED, " + reason);
                // figures of earlier seeds stay: they were measured
                return results.plus(measured, List.of(new CellStatus(task.id(), engineId, device,
                        Names.STAGE_QUALITY, CellStatus.Status.FAILED, reason)));
            }
            try (var model = cell.model()) {
                if (seedIndex == 0 && device.equals(keptDevice())) { // the parameters parity and JMH start from
                    keepForLaterStages(task, engineId, model, cell);
                    Map<String, String> provenance = model.provenance();
                    if (!provenance.isEmpty()) {
                        results = results.plusProvenance(new ModelProvenance(task.id(), engineId, provenance));
                    }
                }
                measured.addAll(measurementsOf(task, variant, engineId, cell, d.stamp(), device));
                Evaluation e = cell.evaluation();
                log.println(String.format(Locale.ROOT, "[quality] %s on %s%s: %s %.4f (target %s, %s), train %.3f s%s",
                        task.id(), where, seedIndex > 0 ? " seed " + Seeds.of(variant) : "",
                        task.target().metric().resultName(), e.target(), task.target().describe(),
                        e.met() ? "met" : "NOT met", cell.trainSeconds(),
                        cell.timeToTarget() != null && !cell.curve().isEmpty()
                                ? String.format(Locale.ROOT, ", target reached after %.3f s", cell.timeToTarget())
                                : ""));
                status = statusAfter(status, task, engineId, device, variant, seedIndex, e.target(), e.met());
            }
            checkpoint.accept(results.plus(measured, List.of()));
        }
        return results.plus(measured, List.of(status));
    }

    /** The cell's status after one more seed: OK while every seed met the target, else the first seed that missed. */
    private static CellStatus statusAfter(CellStatus status, TaskSpec task, String engineId, String device,
                                          TaskSpec variant, int seedIndex, double reached, boolean met) {
        if (status != null && status.status() != CellStatus.Status.OK) {
            return status;
        }
        return met
                ? new CellStatus(task.id(), engineId, device, Names.STAGE_QUALITY, CellStatus.Status.OK, "")
                : new CellStatus(task.id(), engineId, device, Names.STAGE_QUALITY, CellStatus.Status.BELOW_TARGET,
                String.format(Locale.ROOT, "test %s %.4f does not reach the target (%s)%s",
                        task.target().metric().resultName(), reached, task.target().describe(),
                        seedIndex > 0 ? " with seed " + Seeds.of(variant) : ""));
    }

    /**
     * The seeds of this cell whose figures {@code results} already holds (an interrupted run being resumed), each
     * with its target-metric figure, keyed by {@link #seedKey}.
     */
    private static Map<String, Measurement> seedsMeasured(RunResults results, TaskSpec task, String engineId,
                                                          String device) {
        String metric = task.target().metric().resultName();
        Map<String, Measurement> bySeed = new LinkedHashMap<>();
        for (Measurement m : results.measurements()) {
            if (m.task().equals(task.id()) && m.engine().equals(engineId) && Objects.equals(m.device(), device)
                    && m.scenario().equals(Names.SCENARIO_QUALITY) && m.metric().equals(metric)
                    && m.accuracy() != null) {
                bySeed.put(m.params().getOrDefault(Names.PARAM_SEED, ""), m);
            }
        }
        return bySeed;
    }

    private static String seedKey(Long seed) {
        return seed == null ? "" : Long.toString(seed);
    }

    /**
     * The device whose trained parameters later stages use (parameters are the same numbers on every device: a JMH
     * fork on a GPU imports those of the CPU model): the CPU when the run uses it, else the first device it names.
     */
    private String keptDevice() {
        return settings.devices().contains(Names.DEVICE_CPU) ? Names.DEVICE_CPU : settings.devices().get(0);
    }

    /**
     * Saves a network's trained parameters and test outputs for the parity check and the JMH forks, and a classic
     * model's fitted state for the JMH forks where its engine can save it ({@link Model#saveFitted}; else the forks
     * fit their own).
     */
    private void keepForLaterStages(TaskSpec task, String engineId, Model model, TrainedCell cell) {
        ModelStore store = new ModelStore(settings.modelDir());
        if (!task.isNetwork()) {
            try {
                Optional<byte[]> fitted = model.saveFitted();
                if (fitted.isPresent()) {
                    store.saveFitted(task.id(), engineId, fitted.get());
                }
            } catch (IOException | RuntimeException e) {
                log.println("[quality] " + task.id() + " on " + engineId + ": fitted model not saved ("
                        + QualityRun.describe(e) + "); the JMH forks will fit their own");
            }
            return;
        }
        try {
            store.save(task.id(), engineId, model.exportParameters());
            store.saveProbabilities(task.id(), engineId, cell.outputs());
        } catch (IOException | RuntimeException e) {
            log.println("[quality] " + task.id() + " on " + engineId + ": trained parameters not saved ("
                    + QualityRun.describe(e) + "); the JMH forks will train their own model");
        }
    }

    /**
     * Every figure of one trained cell: quality metrics, cost, memory, the per-epoch curves and, where the engine
     * reports epochs, the first epoch's time and the steady-state time per epoch.
     */
    private List<Measurement> measurementsOf(TaskSpec task, TaskSpec variant, String engineId, TrainedCell cell,
                                             DatasetStamp stamp, String device) {
        Evaluation e = cell.evaluation();
        CellFigures f = new CellFigures(task.id(), engineId, device, paramsOf(variant), e.target(), e.met(), stamp);
        List<Measurement> m = new ArrayList<>();
        for (Map.Entry<String, Double> metric : e.metrics().entrySet()) {
            m.add(f.quality(metric.getKey(), metric.getValue(), Evaluation.unitOf(metric.getKey())));
        }
        m.add(f.quality(Names.METRIC_TRAIN_TIME, cell.trainSeconds(), Names.UNIT_SECONDS));
        if (cell.timeToTarget() != null) {
            m.add(f.quality(Names.METRIC_TIME_TO_TARGET, cell.timeToTarget(), Names.UNIT_SECONDS));
        }
        if (cell.modelSize() != null) {
            m.add(f.quality(Names.METRIC_MODEL_SIZE, cell.modelSize(), Names.UNIT_COUNT));
        }
        m.add(f.quality(Names.METRIC_PEAK_HEAP, cell.peakHeap(), Names.UNIT_BYTES));
        if (cell.peakRss() > 0) {
            m.add(f.quality(Names.METRIC_PEAK_RSS, cell.peakRss(), Names.UNIT_BYTES));
        }
        if (!cell.curve().isEmpty()) {
            List<Double> loss = cell.curve().stream().map(TrainedCell.EpochPoint::trainLoss).toList();
            List<Double> elapsed = cell.curve().stream().map(TrainedCell.EpochPoint::elapsed).toList();
            m.add(f.curve(Names.METRIC_TRAIN_LOSS, loss, unitOfLoss(variant)));
            m.add(f.curve(Names.METRIC_ELAPSED, elapsed, Names.UNIT_SECONDS));
            // warm-up against steady state, so that a cold training time can be read beside JMH's throughput
            EpochTimes times = EpochTimes.of(elapsed);
            if (times.firstEpoch() != null) {
                m.add(f.quality(Names.METRIC_FIRST_EPOCH_TIME, times.firstEpoch(), Names.UNIT_SECONDS));
            }
            if (times.steadyEpoch() != null) {
                m.add(f.quality(Names.METRIC_EPOCH_TIME, times.steadyEpoch(), Names.UNIT_SECONDS));
            }
            // the target metric per epoch (the other test metrics are kept for the end of training only)
            String metric = task.target().metric().resultName();
            List<Double> series = cell.curve().stream().map(p -> p.evaluation().metrics().get(metric)).toList();
            m.add(f.curve(metric, series, Evaluation.unitOf(metric)));
        }
        return m;
    }

    /**
     * The figures of one trained cell on one device, each with the quality of the model behind it:
     * {@link Measurement#accuracy()} carries the value of the task's target metric (the test accuracy for a
     * classifier).
     */
    private record CellFigures(String task, String engine, String device, Map<String, String> params,
                               double quality, boolean met, DatasetStamp stamp) {
        /** A quality-scenario figure. */
        Measurement quality(String metric, double value, String unit) {
            return Measurement.of(task, engine, Names.SCENARIO_QUALITY, metric).device(device).params(params)
                    .value(value, unit).samples(1).quality(quality, met).dataset(stamp).build();
        }

        /** A per-epoch series; its value is the last epoch's. */
        Measurement curve(String metric, List<Double> series, String unit) {
            double last = series.isEmpty() ? Double.NaN : series.get(series.size() - 1);
            List<Double> finite = series.stream().map(v -> v == null || !Double.isFinite(v) ? null : v).toList();
            boolean complete = finite.stream().allMatch(java.util.Objects::nonNull);
            return Measurement.of(task, engine, Names.SCENARIO_TRAINING_CURVE, metric).device(device).params(params)
                    .value(last, unit).samples(series.size()).rawScores(complete ? finite : null)
                    .quality(quality, met).dataset(stamp).build();
        }
    }

    private static String unitOfLoss(TaskSpec task) {
        return task.isRegression() ? "squared " + Names.UNIT_TARGET : Names.UNIT_NATS;
    }

    Map<String, String> paramsOf(TaskSpec task) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put(Names.PARAM_THREADS, Integer.toString(settings.threads()));
        if (task.isNetwork()) {
            params.put(Names.PARAM_BATCH_SIZE, Integer.toString(task.training().batchSize()));
            params.put(Names.PARAM_EPOCHS, Integer.toString(task.training().epochs()));
        }
        Long seed = Seeds.of(task);
        if (seed != null) {
            params.put(Names.PARAM_SEED, Long.toString(seed));
        }
        return params;
    }
}
