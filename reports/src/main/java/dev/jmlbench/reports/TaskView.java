package dev.jmlbench.reports;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.stats.Direction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the report shows about one task: its rows (one per engine and device) and the measurements and
 * cell outcomes behind them.
 */
final class TaskView {

    /** One row of a task's table: an engine on a device ({@code device} is null when none is known). */
    record Row(String engine, String device) {
    }

    final String taskId;
    /** The task's spec, or null when the results mention a task that is not in {@link RunResults#tasks()}. */
    final TaskSpec spec;
    /** The dataset's provenance, or null when not recorded. */
    final DatasetInfo dataset;
    final List<Row> rows;
    private final List<Measurement> measurements;
    private final List<CellStatus> cells;
    private final Map<String, EngineInfo> engines;

    private TaskView(String taskId, TaskSpec spec, DatasetInfo dataset, List<Row> rows,
                     List<Measurement> measurements, List<CellStatus> cells, Map<String, EngineInfo> engines) {
        this.taskId = taskId;
        this.spec = spec;
        this.dataset = dataset;
        this.rows = rows;
        this.measurements = measurements;
        this.cells = cells;
        this.engines = engines;
    }

    /** How the data was split, as recorded with the measurements; null when none recorded it. */
    String split() {
        return measurements.stream().filter(m -> m.dataset() != null && m.dataset().split() != null)
                .map(m -> m.dataset().split()).findFirst().orElse(null);
    }

    /** One view per task: the tasks of the spec list first, then any other task the results mention. */
    static List<TaskView> of(RunResults results) {
        Map<String, EngineInfo> engines = new LinkedHashMap<>();
        results.engines().forEach(e -> engines.put(e.id(), e));
        List<String> engineOrder = new ArrayList<>(engines.keySet());
        results.measurements().forEach(m -> addIfAbsent(engineOrder, m.engine()));
        results.cells().forEach(c -> addIfAbsent(engineOrder, c.engine()));

        Map<String, TaskSpec> specs = new LinkedHashMap<>();
        results.tasks().forEach(t -> specs.put(t.id(), t));
        Set<String> taskIds = new LinkedHashSet<>(specs.keySet());
        // figures of the dl-vs-classic block and the machine's calibration are shown in their own sections; they
        // do not make a task of their own
        results.measurements().stream().filter(m -> !Names.SCENARIO_DL_VS_CLASSIC.equals(m.scenario())
                        && !Calibration.SCENARIO.equals(m.scenario()))
                .map(Measurement::task).filter(Objects::nonNull).forEach(taskIds::add);
        results.cells().stream().map(CellStatus::task).filter(t -> !isBlank(t)).forEach(taskIds::add);

        List<TaskView> views = new ArrayList<>();
        for (String id : taskIds) {
            TaskSpec spec = specs.get(id);
            List<Measurement> ms = results.measurements().stream().filter(m -> id.equals(m.task())).toList();
            // a cell without a task (an engine that failed to open, say) concerns every task
            List<CellStatus> cs = results.cells().stream()
                    .filter(c -> isBlank(c.task()) || id.equals(c.task())).toList();
            views.add(new TaskView(id, spec, datasetOf(results, spec, ms), rows(engineOrder, ms, cs), ms, cs,
                    engines));
        }
        return views;
    }

    private static DatasetInfo datasetOf(RunResults results, TaskSpec spec, List<Measurement> ms) {
        String id = spec != null ? spec.dataset().id()
                : ms.stream().filter(m -> m.dataset() != null).map(m -> m.dataset().id()).findFirst().orElse(null);
        return results.datasets().stream().filter(d -> Objects.equals(d.id(), id)).findFirst().orElse(null);
    }

    private static List<Row> rows(List<String> engineOrder, List<Measurement> ms, List<CellStatus> cs) {
        Set<Row> rows = new LinkedHashSet<>();
        ms.forEach(m -> rows.add(new Row(m.engine(), blankToNull(m.device()))));
        cs.stream().filter(c -> !isBlank(c.device())).forEach(c -> rows.add(new Row(c.engine(), c.device())));
        // an engine that failed for every task (a cell without a task) gets a row saying why; an engine with no
        // figure and no cell here (the machine's calibration, an engine of other tasks) gets none
        for (String engine : engineOrder) {
            if (rows.stream().noneMatch(r -> Objects.equals(r.engine(), engine))
                    && cs.stream().anyMatch(c -> Objects.equals(c.engine(), engine))) {
                rows.add(new Row(engine, null));
            }
        }
        Comparator<Row> order = Comparator.comparingInt((Row r) -> engineOrder.indexOf(r.engine()))
                .thenComparing(r -> r.device() == null ? "\uffff" : Names.DEVICE_CPU.equals(r.device()) ? "" : r.device());
        return rows.stream().sorted(order).toList();
    }

    /** Whether figures were measured on more than one device, so labels must name the device. */
    boolean severalDevices() {
        return measurements.stream().map(m -> blankToNull(m.device())).filter(Objects::nonNull).distinct()
                .count() > 1;
    }

    /** The engine's name for people: its display name when known, otherwise its id. */
    String engineName(String engineId) {
        EngineInfo info = engines.get(engineId);
        return info != null && !isBlank(info.displayName()) ? info.displayName() : Format.orMissing(engineId);
    }

    /** The row's label in sentences and charts: the engine name, plus the device where several are shown. */
    String label(Row row) {
        return severalDevices() && row.device() != null ? engineName(row.engine()) + " (" + row.device() + ")"
                : engineName(row.engine());
    }

    /** Label of the row a measurement belongs to. */
    String label(Measurement m) {
        return label(new Row(m.engine(), blankToNull(m.device())));
    }

    /** Whether any figure was recorded for the row. */
    boolean hasFigures(Row row) {
        return of(row).findAny().isPresent();
    }

    /** The row's single {@code quality} figure for {@code metric}, if measured. */
    Optional<Measurement> quality(Row row, String metric) {
        return of(row).filter(m -> Names.SCENARIO_QUALITY.equals(m.scenario()) && metric.equals(m.metric()))
                .findFirst();
    }

    /** The row's figures of {@code scenario}, ordered by batch size and threads. */
    List<Measurement> scenario(Row row, String scenario) {
        String primary = PRIMARY_METRIC.get(scenario);
        return of(row).filter(m -> scenario.equals(m.scenario()) && (primary == null || primary.equals(m.metric())))
                .sorted(BY_PARAMS).toList();
    }

    /**
     * The figure a scenario's column shows; figures derived from it (GFLOP/s, allocation per example) share the
     * scenario but are not its primary metric.
     */
    private static final Map<String, String> PRIMARY_METRIC = Map.of(
            Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT,
            Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY);

    /** All throughput figures of this task, ordered by batch size and threads. */
    List<Measurement> throughput() {
        return measurements.stream()
                .filter(m -> Names.SCENARIO_INFERENCE_THROUGHPUT.equals(m.scenario())
                        && Names.METRIC_THROUGHPUT.equals(m.metric()))
                .sorted(BY_PARAMS).toList();
    }

    /** All latency figures of this task, in row order. */
    List<Measurement> latency() {
        return rows.stream().flatMap(r -> scenario(r, Names.SCENARIO_INFERENCE_LATENCY).stream())
                .filter(m -> Names.METRIC_LATENCY.equals(m.metric())).toList();
    }

    /**
     * The metric the task's quality is judged by: its target's metric, or, without a spec, accuracy when measured,
     * else the first regression or language-model metric measured.
     */
    String qualityMetric() {
        if (spec != null) {
            return spec.target().metric().resultName();
        }
        for (String metric : List.of(Names.METRIC_ACCURACY, Names.METRIC_R2, Names.METRIC_RMSE,
                Names.METRIC_BITS_PER_CHARACTER)) {
            if (measurements.stream().anyMatch(m -> Names.SCENARIO_QUALITY.equals(m.scenario())
                    && metric.equals(m.metric()))) {
                return metric;
            }
        }
        return Names.METRIC_ACCURACY;
    }

    /** The row's quality figure (in {@link #qualityMetric()}), if measured. */
    Optional<Measurement> qualityFigure(Row row) {
        return quality(row, qualityMetric());
    }

    /**
     * The row's quality over the seeds of a preset that trains every cell with several (one figure per seed):
     * the worst, mean and best figure and how many seeds met the target; empty with fewer than two seeds.
     *
     * @param seeds    how many seeds were trained
     * @param worst    the worst seed's figure (lowest accuracy, highest error)
     * @param mean     the mean figure over the seeds
     * @param best     the best seed's figure
     * @param met      how many seeds met the target, or -1 when no target is known
     */
    record SeedSpread(int seeds, Measurement worst, double mean, Measurement best, int met) {

        /** {@code 5 seeds: worst 98.16 %, mean 98.65 %, best 98.91 %}. */
        String text() {
            return seeds + " seeds: worst " + Format.quality(worst.metric(), worst.value(), worst.unit()) + ", mean "
                    + Format.quality(worst.metric(), mean, worst.unit()) + ", best "
                    + Format.quality(best.metric(), best.value(), best.unit());
        }

        /** Whether every seed met the target; null when no target is known. */
        Boolean allMet() {
            return met < 0 ? null : met == seeds;
        }
    }

    /** The row's {@link SeedSpread} in the task's {@link #qualityMetric()}; empty with fewer than two seeds. */
    Optional<SeedSpread> seedSpread(Row row) {
        String metric = qualityMetric();
        Map<String, Measurement> bySeed = new LinkedHashMap<>();
        of(row).filter(m -> Names.SCENARIO_QUALITY.equals(m.scenario()) && metric.equals(m.metric())
                        && m.params().get(Names.PARAM_SEED) != null && Double.isFinite(m.value()))
                .forEach(m -> bySeed.putIfAbsent(m.params().get(Names.PARAM_SEED), m));
        if (bySeed.size() < 2) {
            return Optional.empty();
        }
        List<Measurement> figures = List.copyOf(bySeed.values());
        Comparator<Measurement> better = Comparator.comparingDouble(Measurement::value);
        if (Direction.of(metric) == Direction.LOWER_IS_BETTER) {
            better = better.reversed();
        }
        Measurement worst = figures.stream().min(better).orElseThrow();
        Measurement best = figures.stream().max(better).orElseThrow();
        double mean = figures.stream().mapToDouble(Measurement::value).average().orElseThrow();
        List<Boolean> verdicts = figures.stream().map(this::figureMet).toList();
        int met = verdicts.contains(null) ? -1 : (int) verdicts.stream().filter(Boolean::booleanValue).count();
        return Optional.of(new SeedSpread(figures.size(), worst, mean, best, met));
    }

    /** The row's quality figure with whether it met the target, as the tables and summary show it. */
    Optional<String> qualityText(Row row) {
        Optional<SeedSpread> spread = seedSpread(row);
        if (spread.isPresent()) {
            return qualityFigure(row).map(m -> {
                SeedSpread s = spread.get();
                String seed = m.params().get(Names.PARAM_SEED);
                String target = spec != null ? "target " + Format.target(spec.target()) : "target";
                return Format.quality(m.metric(), m.value(), m.unit()) + " (seed " + seed + "; " + s.text()
                        + (s.met() < 0 ? "" : "; " + target + " met by " + s.met() + " of " + s.seeds()) + ")";
            });
        }
        return qualityFigure(row).map(m -> {
            Boolean met = figureMet(m);
            String target = spec != null ? "target " + Format.target(spec.target()) : "target";
            Optional<CellStatus> otherSeed = missedWithAnotherSeed(row);
            String verdict = met == null ? "" : met && otherSeed.isPresent()
                    ? " (" + target + " met with this seed; " + otherSeed.get().reason() + ")"
                    : met ? " (" + target + " met)" : " (below the " + target + ")";
            return Format.quality(m.metric(), m.value(), m.unit()) + verdict;
        });
    }

    /**
     * Whether the row met the target, as a tick or a cross shows it: its quality figure's verdict, and false when
     * another seed of the cell missed although the figure shown met it; null when unknown.
     */
    Boolean qualityMet(Row row, Measurement m) {
        Optional<Boolean> everySeed = seedSpread(row).map(SeedSpread::allMet);
        if (everySeed.isPresent() && everySeed.get() != null) {
            return everySeed.get();
        }
        Boolean met = figureMet(m);
        return Boolean.TRUE.equals(met) && missedWithAnotherSeed(row).isPresent() ? Boolean.FALSE : met;
    }

    /** Whether one quality figure met the target: as recorded, else judged against the spec; null when unknown. */
    private Boolean figureMet(Measurement m) {
        return m.qualityMet() != null ? m.qualityMet() : spec != null ? spec.target().isMetBy(m.value()) : null;
    }

    /**
     * The row's quality-stage cell when it is below the target although the figure shown (the recipe's own seed)
     * met it: a preset with several seeds judges the cell by every seed, and another one missed.
     */
    Optional<CellStatus> missedWithAnotherSeed(Row row) {
        return cells.stream()
                .filter(c -> Names.STAGE_QUALITY.equals(c.stage()) && Objects.equals(c.engine(), row.engine()))
                .filter(c -> isBlank(c.device()) || row.device() == null || c.device().equals(row.device()))
                .filter(c -> c.status() == CellStatus.Status.BELOW_TARGET)
                .findFirst();
    }

    /**
     * The row's warm-up against steady state in its quality-stage training run, as a short text ("first epoch
     * 3.00 s, later epochs 1.00 s each"); empty when the engine reported no epochs (or the results predate these
     * figures).
     */
    Optional<String> epochTimesText(Row row) {
        Optional<Measurement> first = quality(row, Names.METRIC_FIRST_EPOCH_TIME)
                .filter(m -> Double.isFinite(m.value()));
        Optional<Measurement> later = quality(row, Names.METRIC_EPOCH_TIME).filter(m -> Double.isFinite(m.value()));
        List<String> parts = new ArrayList<>();
        first.ifPresent(m -> parts.add("first epoch " + Format.withUnit(m.value(), m.unit())));
        later.ifPresent(m -> parts.add("later epochs " + Format.withUnit(m.value(), m.unit()) + " each"));
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }

    /** The quality of a figure's engine on this task, as a short text ("accuracy 96.67 %"); empty if unknown. */
    Optional<String> qualityOf(Measurement m) {
        Optional<Measurement> q = quality(new Row(m.engine(), blankToNull(m.device())), qualityMetric());
        if (q.isPresent()) {
            return Optional.of(Format.metricName(q.get().metric()) + " "
                    + Format.quality(q.get().metric(), q.get().value(), q.get().unit()));
        }
        if (m.accuracy() != null && Names.METRIC_ACCURACY.equals(qualityMetric())) {
            return Optional.of("accuracy " + Format.percent(m.accuracy()));
        }
        return Optional.empty();
    }

    /** Every figure of this task. */
    List<Measurement> measurements() {
        return measurements;
    }

    /** The figures of this task in {@code scenario} (any metric). */
    List<Measurement> inScenario(String scenario) {
        return measurements.stream().filter(m -> scenario.equals(m.scenario())).toList();
    }

    /** What the leak-check figures of this task say, one per engine and device, in row order. */
    List<LeakReading> leakReadings() {
        List<LeakReading> out = new ArrayList<>();
        for (Row row : rows) {
            List<Measurement> memory = of(row).filter(m -> Names.SCENARIO_MEMORY.equals(m.scenario())).toList();
            Measurement heap = memory.stream().filter(m -> Names.METRIC_HEAP_SLOPE.equals(m.metric())).findFirst()
                    .orElse(null);
            memory.stream().filter(m -> Names.METRIC_RSS_SLOPE.equals(m.metric()))
                    .forEach(m -> LeakReading.of(m, heap).ifPresent(out::add));
        }
        return out;
    }

    /** The task's family for grouping, or null without a spec. */
    dev.jmlbench.core.task.TaskFamily family() {
        if (spec == null && measurements.stream().anyMatch(m -> Names.SCENARIO_LONG_SEQUENCE.equals(m.scenario()))) {
            return dev.jmlbench.core.task.TaskFamily.RNN; // the long-sequence experiment: recurrent cells, no one spec
        }
        return spec == null ? null : spec.family();
    }

    /**
     * Why a row has no figure: the reason of its first failed, skipped or unsupported cell, looking at the
     * given stages in order and then at any stage; empty when no cell explains it.
     */
    Optional<String> missingReason(Row row, String... stages) {
        return missingCell(row, stages).map(TaskView::describe);
    }

    /** The cell behind {@link #missingReason}: the row's first cell that did not run, by the stages' order. */
    Optional<CellStatus> missingCell(Row row, String... stages) {
        List<CellStatus> notRun = cells.stream()
                .filter(c -> Objects.equals(c.engine(), row.engine()))
                .filter(c -> isBlank(c.device()) || row.device() == null || c.device().equals(row.device()))
                .filter(c -> c.status() != CellStatus.Status.OK && c.status() != CellStatus.Status.BELOW_TARGET)
                .toList();
        for (String stage : stages) {
            Optional<CellStatus> hit = notRun.stream().filter(c -> stage.equals(c.stage())).findFirst();
            if (hit.isPresent()) {
                return hit;
            }
        }
        return notRun.stream().findFirst();
    }

    /** A cell outcome as {@code failed: reason}. */
    static String describe(CellStatus c) {
        String status = c.status() == null ? "unknown" : c.status().name().toLowerCase(Locale.ROOT)
                .replace('_', ' ');
        return isBlank(c.reason()) ? status : status + ": " + c.reason();
    }

    /** The batch size and thread parameters of a figure, e.g. {@code batch 64, threads 1}. */
    static String paramsText(Measurement m) {
        List<String> parts = new ArrayList<>();
        String batch = m.params().get(Names.PARAM_BATCH_SIZE);
        String threads = m.params().get(Names.PARAM_THREADS);
        if (batch != null) {
            parts.add("batch " + batch);
        }
        if (threads != null) {
            parts.add("threads " + threads);
        }
        m.params().entrySet().stream()
                .filter(e -> !e.getKey().equals(Names.PARAM_BATCH_SIZE) && !e.getKey().equals(Names.PARAM_THREADS))
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        return String.join(", ", parts);
    }

    /** Figures grouped by device and parameters, so that only like is compared with like. */
    static Map<String, List<Measurement>> byConfiguration(List<Measurement> ms) {
        return ms.stream().collect(Collectors.groupingBy(
                m -> (isBlank(m.device()) ? "" : m.device() + ", ") + paramsText(m),
                LinkedHashMap::new, Collectors.toList()));
    }

    private java.util.stream.Stream<Measurement> of(Row row) {
        return measurements.stream().filter(m -> Objects.equals(m.engine(), row.engine())
                && Objects.equals(blankToNull(m.device()), row.device()));
    }

    private static final Comparator<Measurement> BY_PARAMS = Comparator
            .comparingLong((Measurement m) -> numeric(m.params().get(Names.PARAM_BATCH_SIZE)))
            .thenComparingLong(m -> numeric(m.params().get(Names.PARAM_THREADS)));

    private static long numeric(String s) {
        try {
            return s == null ? Long.MAX_VALUE : Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void addIfAbsent(List<String> list, String s) {
        if (s != null && !list.contains(s)) {
            list.add(s);
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
