package dev.jmlbench.reports;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.EngineComparison;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.RatioInterval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's first screen: a matrix of tasks (rows, grouped by family) by engines (columns). Each engine's cell
 * holds, for training throughput, batch inference (largest batch measured), single-example latency, how many times
 * slower it is than the row's fastest engine, coloured by the verdict of the recorded {@link EngineComparison}
 * against that engine (no test is re-run here), and its quality against the task's target. Engines that did not run
 * a task say why, in a title and a footnote.
 */
final class Overview {
    /** The speed columns: scenario, metric, short heading, what the heading means. */
    private static final String[][] SPEED = {
        {Names.SCENARIO_TRAINING_THROUGHPUT, Names.METRIC_THROUGHPUT, "train", "training throughput"},
        {Names.SCENARIO_INFERENCE_THROUGHPUT, Names.METRIC_THROUGHPUT, "batch", "batch inference throughput, the"
                + " largest batch measured"},
        {Names.SCENARIO_INFERENCE_LATENCY, Names.METRIC_LATENCY, "1-ex.", "single-example latency"}};

    /** CSS classes of a speed cell by its verdict against the row's fastest engine. */
    static final String BEST = "best";
    static final String EQUIVALENT = "eq";
    static final String BEHIND = "behind";
    static final String INCONCLUSIVE = "inc";

    private final HtmlWriter h;
    private final EnginePalette palette;
    private final List<EngineComparison> recorded;
    /** Footnotes: text to number, in order of first use. */
    private final Map<String, Integer> notes = new LinkedHashMap<>();

    private Overview(HtmlWriter h, EnginePalette palette, List<EngineComparison> recorded) {
        this.h = h;
        this.palette = palette;
        this.recorded = recorded;
    }

    /** Writes {@code <section id="overview">} for the tasks, grouped by family (CNN, RNN, classic, other). */
    static void write(HtmlWriter h, EnginePalette palette, List<EngineComparison> recorded,
                      Map<String, List<TaskView>> families) {
        new Overview(h, palette, recorded).write(families);
    }

    private void write(Map<String, List<TaskView>> families) {
        h.open("section", "id", "overview").element("h2", "Overview: which engine for which task");
        List<String> engines = new ArrayList<>();
        Map<String, List<TaskView>> shown = new LinkedHashMap<>();
        families.forEach((family, ts) -> {
            List<TaskView> rows = ts.stream().filter(Overview::worthARow).toList();
            if (!rows.isEmpty()) {
                shown.put(family, rows);
            }
            rows.forEach(t -> t.rows.forEach(r -> {
                if (!Names.ENGINE_MACHINE.equals(r.engine()) && r.engine() != null && !engines.contains(r.engine())) {
                    engines.add(r.engine());
                }
            }));
        });
        engines.sort(Comparator.comparingInt(palette::index).thenComparing(Comparator.naturalOrder()));
        if (shown.isEmpty() || engines.isEmpty()) {
            h.element("p", "No engine figure was recorded for any task.");
            h.close();
            return;
        }
        h.open("p", "class", "note legend");
        h.text("Per engine: how many times slower than the row's fastest engine in training throughput (train),"
                + " batch inference at the largest batch (batch) and single-example latency (1-ex.), and test quality"
                + " against the task's target (quality). ");
        h.element("span", "1\u00d7 fastest", "class", "key " + BEST);
        h.text(" ");
        h.element("span", "\u22481.03\u00d7 equivalent", "class", "key " + EQUIVALENT);
        h.text(" ");
        h.element("span", "2.0\u00d7 clearly behind", "class", "key " + BEHIND);
        h.text(" ");
        h.element("span", "1.1\u00d7? inconclusive", "class", "key " + INCONCLUSIVE);
        h.text(" (95% interval over JVM forks); hover a cell for the figures.");
        h.close();
        h.open("table", "class", "overview").open("thead").open("tr");
        h.element("th", "Task", "scope", "col", "colspan", "2", "rowspan", "2");
        for (String e : engines) {
            h.open("th", "scope", "colgroup", "colspan", Integer.toString(SPEED.length + 1), "class", "eng-head");
            palette.swatch(h, e, e);
            h.close();
        }
        h.close().open("tr");
        for (String ignored : engines) {
            for (int i = 0; i < SPEED.length; i++) {
                h.element("th", SPEED[i][2], "scope", "col", "title", SPEED[i][3], "class", i == 0 ? "first" : null);
            }
            h.element("th", "quality", "scope", "col", "title", "test quality against the task's target");
        }
        h.close().close().open("tbody");
        shown.forEach((family, ts) -> {
            for (int i = 0; i < ts.size(); i++) {
                h.open("tr", "class", i == 0 ? "family-start" : null);
                if (i == 0) {
                    // written upwards where the group is tall enough, so that the column stays narrow
                    h.element("th", familyName(family), "scope", "rowgroup", "rowspan", Integer.toString(ts.size()),
                            "class", ts.size() >= 3 ? "family vertical" : "family");
                }
                row(ts.get(i), engines);
                h.close();
            }
        });
        h.close().close();
        if (!notes.isEmpty()) {
            h.open("ol", "class", "footnotes note");
            notes.keySet().forEach(n -> h.element("li", n));
            h.close();
        }
        h.close();
    }

    private static String familyName(String family) {
        return switch (family) {
            case "CNN" -> "CNN";
            case "RNN" -> "RNN";
            case "CLASSIC" -> "classic";
            default -> "other";
        };
    }

    /**
     * Whether the task has anything for the overview's columns: a quality or speed figure, or a cell of the stages
     * behind them that says why one is missing. A study's own task (the long-sequence experiment's adding problem)
     * has none, and its section shows its figures.
     */
    private static boolean worthARow(TaskView task) {
        for (TaskView.Row r : task.rows) {
            if (task.qualityFigure(r).isPresent() || task.missingCell(r, COLUMN_STAGES.toArray(String[]::new))
                    .filter(c -> COLUMN_STAGES.contains(c.stage())).isPresent()) {
                return true;
            }
        }
        for (String[] s : SPEED) {
            if (task.measurements().stream().anyMatch(m -> s[0].equals(m.scenario()) && s[1].equals(m.metric()))) {
                return true;
            }
        }
        return false;
    }

    /** The stages whose cells explain the overview's columns (an engine that did not open explains them all). */
    private static final List<String> COLUMN_STAGES = List.of(Names.STAGE_OPEN, Names.STAGE_QUALITY, Names.STAGE_JMH);

    private void row(TaskView task, List<String> engines) {
        h.open("th", "scope", "row").element("a", task.taskId, "href", "#task-" + task.taskId).close();
        List<Optional<Comparisons.Group>> groups = new ArrayList<>();
        for (String[] s : SPEED) {
            groups.add(pick(Comparisons.of(task.measurements(), recorded, s[0], s[1]), s[0]));
        }
        for (String engine : engines) {
            List<TaskView.Row> rows = task.rows.stream().filter(r -> engine.equals(r.engine())).toList();
            TaskView.Row row = rows.stream().filter(r -> r.device() == null || Names.DEVICE_CPU.equals(r.device())).findFirst()
                    .orElse(rows.isEmpty() ? null : rows.get(0));
            if (row == null || !task.hasFigures(row)) {
                notRun(task, engine, row);
                continue;
            }
            for (int i = 0; i < SPEED.length; i++) {
                speedCell(task, engine, groups.get(i), SPEED[i][3], i == 0);
            }
            qualityCell(task, row);
        }
    }

    /** The group a column shows: CPU first, then the most engines, then the largest batch (smallest for latency). */
    private static Optional<Comparisons.Group> pick(List<Comparisons.Group> groups, String scenario) {
        boolean latency = Names.SCENARIO_INFERENCE_LATENCY.equals(scenario);
        Comparator<Comparisons.Group> order = Comparator
                .comparing((Comparisons.Group g) -> g.device() == null ? 0 : 1)
                .thenComparing(g -> -g.figures().size())
                .thenComparingLong(g -> {
                    long b = Charts.numeric(g.params().get(Names.PARAM_BATCH_SIZE));
                    return b == Long.MAX_VALUE ? Long.MAX_VALUE : latency ? b : -b;
                });
        return groups.stream().filter(g -> !g.figures().isEmpty() && g.direction() != Direction.NEUTRAL)
                .min(order);
    }

    private void speedCell(TaskView task, String engine, Optional<Comparisons.Group> group, String what,
                           boolean first) {
        String firstClass = first ? " first" : "";
        Optional<Measurement> mine = group.flatMap(g -> g.figures().stream()
                .filter(m -> engine.equals(m.engine())).findFirst());
        if (mine.isEmpty()) {
            h.element("td", Format.MISSING, "class", "ov na" + firstClass, "title", what + ": not measured");
            return;
        }
        Comparisons.Group g = group.get();
        Measurement m = mine.get();
        Measurement best = g.figures().get(0);
        String figure = Format.number(m.value()) + " " + Format.orMissing(m.unit());
        String params = TaskView.paramsText(Comparisons.comparableMeasurement(m));
        String context = what + (params.isEmpty() ? "" : " (" + params + ")") + ": " + figure
                + (Boolean.FALSE.equals(m.qualityMet()) ? ", model below the quality target" : "");
        if (best.engine().equals(engine) || g.figures().size() == 1) {
            h.element("td", "1\u00d7", "class", "ov " + BEST + firstClass, "title", context
                    + (g.figures().size() == 1 ? "; the only engine measured" : "; the fastest"));
            return;
        }
        Optional<EngineComparison> pair = g.pairs().stream().filter(c -> c.engineA().equals(best.engine())
                && c.engineB().equals(engine) || c.engineB().equals(best.engine()) && c.engineA().equals(engine))
                .findFirst();
        double slower = g.direction() == Direction.LOWER_IS_BETTER ? m.value() / best.value()
                : best.value() / m.value();
        if (pair.isPresent() && pair.get().engineA().equals(best.engine()) && Double.isFinite(pair.get().ratio())) {
            slower = pair.get().ratio(); // the ratio over forks that the verdict is about
        }
        String factor = RatioInterval.factor(slower) + "\u00d7";
        if (pair.isEmpty()) {
            h.element("td", factor + "?", "class", "ov " + INCONCLUSIVE + firstClass, "title", context
                    + "; no comparison with " + best.engine() + " recorded");
            return;
        }
        EngineComparison c = pair.get();
        String verdict = c.verdict();
        if (c.engineA().equals(engine) && !EngineComparison.INCONCLUSIVE.equals(verdict)) {
            // the means put the other engine first, the forks this one: not behind
            h.element("td", "1\u00d7", "class", "ov " + BEST + firstClass, "title", context + "; " + c.statement()
                    + " (" + verdict + ")");
            return;
        }
        String cls;
        String text;
        if (EngineComparison.EQUIVALENT.equals(verdict)) {
            cls = EQUIVALENT;
            text = "\u2248" + factor;
        } else if (EngineComparison.FASTER.equals(verdict) || EngineComparison.SLOWER.equals(verdict)) {
            cls = BEHIND;
            text = factor;
        } else {
            cls = INCONCLUSIVE;
            text = factor + "?";
        }
        h.element("td", text, "class", "ov " + cls + firstClass, "title", context + "; " + c.statement()
                + " (" + verdict + ")");
    }

    private void qualityCell(TaskView task, TaskView.Row row) {
        Optional<Measurement> q = task.qualityFigure(row);
        if (q.isEmpty()) {
            Optional<CellStatus> missing = task.missingCell(row, Names.STAGE_QUALITY, Names.STAGE_OPEN);
            boolean failed = missing.map(c -> c.status() == CellStatus.Status.FAILED).orElse(false);
            h.element("td", failed ? "failed" : Format.MISSING, "class", "ov na", "title",
                    "quality: " + missing.map(TaskView::describe).orElse("not measured"));
            return;
        }
        Measurement m = q.get();
        Boolean met = task.qualityMet(row, m);
        String value = Names.UNIT_FRACTION.equals(m.unit()) && !Names.METRIC_R2.equals(m.metric())
                ? String.format(Locale.ROOT, "%.1f%%", m.value() * 100) : Format.number(m.value());
        String title = task.qualityText(row).map(t -> Format.metricName(m.metric()) + " " + t).orElse(value);
        h.element("td", value + (met == null ? "" : met ? "\u2713" : "\u2717"), "class", "ov q "
                + (met == null ? "" : met ? "met" : "below"), "title", title);
    }

    /** A cell spanning the engine's columns: why it has no figure for the task, with a footnote number. */
    private void notRun(TaskView task, String engine, TaskView.Row row) {
        Optional<String> reason = row == null ? Optional.empty()
                : task.missingReason(row, Names.STAGE_QUALITY, Names.STAGE_OPEN, Names.STAGE_JMH);
        String span = Integer.toString(SPEED.length + 1);
        if (reason.isEmpty()) {
            h.element("td", "not run", "colspan", span, "class", "ov na first", "title", task.taskId + ", " + engine
                    + ": not run for this task (no figure and no cell outcome recorded)");
            return;
        }
        String status = reason.get().contains(":") ? reason.get().substring(0, reason.get().indexOf(':'))
                : reason.get();
        String text = engine + ": " + reason.get();
        int n = notes.computeIfAbsent(text, k -> notes.size() + 1);
        h.open("td", "colspan", span, "class", "ov na first", "title", task.taskId + ", " + text);
        h.text(status).element("sup", Integer.toString(n));
        h.close();
    }
}
