package dev.jmlbench.reports;

import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.AtomicFiles;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.stats.ConfidenceIntervals;
import dev.jmlbench.reports.stats.Direction;
import dev.jmlbench.reports.stats.FigureKey;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.reports.stats.Replicates;
import dev.jmlbench.reports.stats.Verdict;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code compare A B} report: every figure present in both runs (matched on task, engine, device, scenario,
 * metric and parameters, less run-specific ones such as {@code jvm}, {@code forks}, {@code preset}) with the ratio
 * B/A, its 95% confidence interval, a significance test and whether the change is better or worse for that metric;
 * the figures only one run has; and how the two environments differ. Self-contained HTML, charts as PNG.
 */
public final class CompareReport {
    /** File name of the report inside the output directory. */
    public static final String INDEX_HTML = "index.html";
    /** Practical margin of the per-figure verdicts (ratios within 1 +- margin are equivalent). */
    public static final double MARGIN = Verdict.DEFAULT_MARGIN;
    /** Most points in one ratio chart; more are split over several charts. */
    static final int POINTS_PER_CHART = 20;

    private CompareReport() {
    }

    /**
     * One figure present in both runs.
     *
     * @param a         A's figure
     * @param b         B's figure
     * @param ratio     B / A
     * @param low       lower bound of the 95% interval of the ratio (NaN when unknown)
     * @param high      upper bound (NaN when unknown)
     * @param ciMethod  how the interval was obtained
     * @param verdict   B against A in the metric's good direction: {@link Verdict#FASTER} means B is better
     *                  (faster, or more accurate), {@link Verdict#INCONCLUSIVE} also when there is no interval
     *                  or the metric has no good direction
     */
    public record Row(Measurement a, Measurement b, double ratio, double low, double high, String ciMethod,
                      Verdict verdict) {
        /** Whether an interval backs the verdict. */
        public boolean tested() {
            return Double.isFinite(low) && Double.isFinite(high);
        }

        /** The verdict for people: faster/slower for speed figures, better/worse for others. */
        public String verdictText() {
            boolean speed = Names.SPEED_SCENARIOS.contains(a.scenario());
            return switch (verdict) {
                case FASTER -> speed ? "B faster" : "B better";
                case SLOWER -> speed ? "B slower" : "B worse";
                case EQUIVALENT -> "equivalent";
                case INCONCLUSIVE -> tested() ? "inconclusive" : "not tested";
            };
        }
    }

    /** The matched figures and those only in one run. */
    public record Comparison(List<Row> rows, List<Measurement> onlyA, List<Measurement> onlyB) {
    }

    /**
     * Reads both results files and writes the comparison; a missing, truncated or malformed file fails with
     * {@link dev.jmlbench.core.results.MalformedResultsException}, unchanged, naming the file and the field.
     */
    public static Path write(Path aFile, Path bFile, Path outDir) throws IOException {
        RunResults a = ResultsJson.read(aFile);
        RunResults b = ResultsJson.read(bFile);
        return write(a, aFile, b, bFile, outDir);
    }

    /**
     * Writes {@code outDir/index.html} comparing run B with run A.
     *
     * @return the path of {@code index.html}
     */
    public static Path write(RunResults a, Path aFile, RunResults b, Path bFile, Path outDir) throws IOException {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Files.createDirectories(outDir);
        Path index = outDir.resolve(INDEX_HTML);
        String html = render(a, aFile, b, bFile, outDir, compare(a, b));
        AtomicFiles.write(index, html.getBytes(StandardCharsets.UTF_8));
        return index;
    }

    /** The key a figure is matched on: the engine and the one {@link FigureKey}. */
    static String key(Measurement m) {
        return m.engine() + "\u0000" + FigureKey.of(m);
    }

    /** Matches the figures of two runs and compares each pair. */
    public static Comparison compare(RunResults a, RunResults b) {
        Map<String, Measurement> inA = index(a);
        Map<String, Measurement> inB = index(b);
        List<Row> rows = new ArrayList<>();
        List<Measurement> onlyA = new ArrayList<>();
        inA.forEach((k, m) -> {
            if (inB.containsKey(k)) {
                rows.add(row(m, inB.get(k)));
            } else {
                onlyA.add(m);
            }
        });
        List<Measurement> onlyB = inB.entrySet().stream().filter(e -> !inA.containsKey(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new Comparison(rows, onlyA, onlyB);
    }

    /**
     * B's figure against A's: the ratio B/A with its 95% interval over per-fork means ({@link RatioInterval}) and
     * the verdict in the metric's good direction against {@link #MARGIN}.
     */
    static Row row(Measurement ma, Measurement mb) {
        double ratio = mb.value() / ma.value();
        double[] ra = Replicates.of(ma);
        double[] rb = Replicates.of(mb);
        boolean positive = ma.value() > 0 && mb.value() > 0 && allPositive(ra) && allPositive(rb);
        if (!positive || ra.length < 2 || rb.length < 2) {
            return new Row(ma, mb, ratio, Double.NaN, Double.NaN, RatioInterval.NO_INTERVAL, Verdict.INCONCLUSIVE);
        }
        RatioInterval.Estimate e = RatioInterval.of(rb, ra);
        // centre on the recorded figures' ratio (JMH's score is the mean over every iteration)
        double shift = ratio / e.ratio();
        double low = e.low() * shift;
        double high = e.high() * shift;
        Direction d = Direction.of(ma.metric());
        Verdict v = switch (d) {
            case HIGHER_IS_BETTER -> Verdict.of(low, high, MARGIN);
            case LOWER_IS_BETTER -> Verdict.of(1 / high, 1 / low, MARGIN);
            case NEUTRAL -> Verdict.INCONCLUSIVE;
        };
        return new Row(ma, mb, ratio, low, high, e.method(), v);
    }

    private static boolean allPositive(double[] xs) {
        for (double x : xs) {
            if (!(x > 0)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Measurement> index(RunResults r) {
        Map<String, Measurement> out = new LinkedHashMap<>();
        for (Measurement m : r.measurements()) {
            if (Double.isFinite(m.value())) {
                out.putIfAbsent(key(m), m);
            }
        }
        return out;
    }


    // ------------------------------------------------------------------------------------------------ rendering

    private static String render(RunResults a, Path aFile, RunResults b, Path bFile, Path outDir, Comparison c) {
        HtmlWriter h = new HtmlWriter();
        h.open("html", "lang", "en").open("head")
                .empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .element("title", "jmlbench comparison: " + Format.orMissing(a.runId()) + " \u2192 "
                        + Format.orMissing(b.runId()))
                .styleSheet().close();
        h.open("body");
        h.element("h1", "jmlbench comparison: B against A");
        h.open("table").open("thead").open("tr");
        for (String head : List.of("", "Run id", "Started (UTC)", "Git commit", "Results file")) {
            h.element("th", head, "scope", "col");
        }
        h.close().close().open("tbody");
        runRow(h, "A (baseline)", a, aFile, outDir);
        runRow(h, "B", b, bFile, outDir);
        h.close().close();

        EnginePalette palette = EnginePalette.of(a, b);
        summary(h, c);
        environment(h, a, b);
        ratios(h, c, palette);
        only(h, "only-a", "Figures only in A", c.onlyA(), palette);
        only(h, "only-b", "Figures only in B", c.onlyB(), palette);
        h.element("p", "Generated by jmlbench-reports.", "class", "note");
        h.close().close();
        return h.finish();
    }

    private static void runRow(HtmlWriter h, String which, RunResults r, Path file, Path outDir) {
        EnvironmentInfo env = r.environment();
        h.open("tr");
        h.element("th", which, "scope", "row");
        h.element("td", Format.orMissing(r.runId()));
        h.element("td", env == null ? Format.MISSING : Format.orMissing(env.timestamp()));
        h.element("td", env == null ? Format.MISSING : Format.orMissing(env.gitCommit()));
        h.open("td");
        if (file != null) {
            h.element("a", file.getFileName().toString(), "href", RunSections.relative(outDir, file));
        } else {
            h.text(Format.MISSING);
        }
        h.close().close();
    }

    private static void summary(HtmlWriter h, Comparison c) {
        h.open("section", "id", "summary").element("h2", "Summary");
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String v : List.of("B faster", "B slower", "B better", "B worse", "equivalent", "inconclusive",
                "not tested")) {
            counts.put(v, 0);
        }
        c.rows().forEach(r -> counts.merge(r.verdictText(), 1, Integer::sum));
        h.open("ul");
        List<String> parts = new ArrayList<>();
        counts.forEach((v, n) -> {
            if (n > 0) {
                parts.add(n + " " + v);
            }
        });
        h.element("li", c.rows().size() + " figures in both runs: " + (parts.isEmpty() ? "none" : String.join(", ",
                parts)) + ".");
        h.element("li", c.onlyA().size() + " figures only in A, " + c.onlyB().size() + " only in B.");
        h.element("li", "Each figure's ratio B/A has a 95% interval over the JVM forks of both runs ("
                + RatioInterval.METHOD + "). A change is claimed only when the whole interval lies beyond "
                + String.format(Locale.ROOT, "%.0f%%", MARGIN * 100) + " in one direction, equivalence only when it"
                + " lies inside; figures measured once (quality, single-fork figures) get no verdict.");
        h.close();
        List<Row> clear = c.rows().stream().filter(r -> r.verdict() == Verdict.FASTER
                || r.verdict() == Verdict.SLOWER).sorted((x, y) -> Double.compare(Math.abs(Math.log(y.ratio())),
                Math.abs(Math.log(x.ratio())))).limit(10).toList();
        if (!clear.isEmpty()) {
            h.element("h3", "Largest clear changes");
            h.open("ul");
            for (Row r : clear) {
                h.element("li", describe(r.a()) + ": " + Format.factor(r.ratio()) + " (B/A, 95% CI "
                        + ratio(r.low()) + " to " + ratio(r.high()) + "), " + r.verdictText() + ".");
            }
            h.close();
        }
        h.close();
    }

    private static String describe(Measurement m) {
        String params = TaskView.paramsText(Comparisons.comparableMeasurement(m));
        return Format.orMissing(m.task()) + ", " + m.engine() + (m.device() == null || m.device().isBlank() || Names.DEVICE_CPU.equals(m.device())
                ? "" : " " + m.device()) + ", " + m.scenario() + " " + m.metric() + (params.isEmpty() ? ""
                : " (" + params + ")");
    }

    private static void environment(HtmlWriter h, RunResults a, RunResults b) {
        h.open("section", "id", "environment").element("h2", "Environment differences");
        Map<String, String[]> fields = new LinkedHashMap<>();
        EnvironmentInfo ea = a.environment();
        EnvironmentInfo eb = b.environment();
        put(fields, "CPU", ea == null ? null : ea.cpuModel(), eb == null ? null : eb.cpuModel());
        put(fields, "CPU flags", ea == null ? null : String.join(" ", ea.cpuFlags()),
                eb == null ? null : String.join(" ", eb.cpuFlags()));
        put(fields, "Logical cores", ea == null ? null : Integer.toString(ea.logicalCores()),
                eb == null ? null : Integer.toString(eb.logicalCores()));
        put(fields, "Memory", ea == null ? null : Format.gibibytes(ea.memoryBytes()),
                eb == null ? null : Format.gibibytes(eb.memoryBytes()));
        put(fields, "OS", ea == null ? null : ea.os(), eb == null ? null : eb.os());
        put(fields, "JVM", ea == null ? null : ea.jvm(), eb == null ? null : eb.jvm());
        put(fields, "JVM flags", ea == null ? null : String.join(" ", ea.jvmFlags()),
                eb == null ? null : String.join(" ", eb.jvmFlags()));
        put(fields, "Thread settings", ea == null ? null : Format.map(ea.threadSettings()),
                eb == null ? null : Format.map(eb.threadSettings()));
        put(fields, "Git commit", ea == null ? null : ea.gitCommit(), eb == null ? null : eb.gitCommit());
        Map<String, EngineInfo> engA = new LinkedHashMap<>();
        a.engines().forEach(e -> engA.put(e.id(), e));
        Map<String, EngineInfo> engB = new LinkedHashMap<>();
        b.engines().forEach(e -> engB.put(e.id(), e));
        Set<String> ids = new LinkedHashSet<>(engA.keySet());
        ids.addAll(engB.keySet());
        for (String id : ids) {
            EngineInfo x = engA.get(id);
            EngineInfo y = engB.get(id);
            put(fields, "Engine " + id + ": library", x == null ? "not opened" : x.libraryVersion(),
                    y == null ? "not opened" : y.libraryVersion());
            put(fields, "Engine " + id + ": native", x == null ? "not opened" : x.nativeVersion(),
                    y == null ? "not opened" : y.nativeVersion());
            put(fields, "Engine " + id + ": threads", x == null ? "not opened" : Format.map(x.threads()),
                    y == null ? "not opened" : Format.map(y.threads()));
        }
        Map<String, String[]> differing = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (!Objects.equals(v[0], v[1])) {
                differing.put(k, v);
            }
        });
        if (differing.isEmpty()) {
            h.element("p", "The two runs name the same CPU, memory, OS, JVM and flags, thread settings, git commit and"
                    + " engine versions.");
        } else {
            h.element("p", differing.size() + " of " + fields.size() + " environment fields differ; figures that"
                    + " changed may owe it to these.", "class", "note");
            h.open("table").open("thead").open("tr");
            for (String head : List.of("Field", "A", "B")) {
                h.element("th", head, "scope", "col");
            }
            h.close().close().open("tbody");
            differing.forEach((k, v) -> {
                h.open("tr");
                h.element("th", k, "scope", "row");
                h.element("td", Format.orMissing(v[0]));
                h.element("td", Format.orMissing(v[1]));
                h.close();
            });
            h.close().close();
        }
        h.close();
    }

    private static void put(Map<String, String[]> fields, String name, String a, String b) {
        fields.put(name, new String[] {a, b});
    }

    private static void ratios(HtmlWriter h, Comparison c, EnginePalette palette) {
        h.open("section", "id", "ratios").element("h2", "Figures in both runs");
        if (c.rows().isEmpty()) {
            h.element("p", "The two runs have no figure in common.");
            h.close();
            return;
        }
        h.element("p", "Ratio B/A with its 95% confidence interval: a percentile bootstrap of the ratio of the means"
                + " (fixed seed) when both runs have raw iteration scores, else the delta method from the standard"
                + " errors. Better or worse follows the metric: higher is better for throughput, accuracy and GFLOP/s;"
                + " lower for latency, times, losses and memory.", "class", "note");
        // charts, numbered points matching the table: one per scenario and metric that has tested figures; the
        // figures without spread share one chart, and only those that changed
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < c.rows().size(); i++) {
            Row r = c.rows().get(i);
            groups.computeIfAbsent(r.a().scenario() + " " + r.a().metric(), k -> new ArrayList<>()).add(i);
        }
        Map<String, List<Integer>> charts = new LinkedHashMap<>();
        List<Integer> other = new ArrayList<>();
        groups.forEach((group, indexes) -> {
            if (indexes.stream().anyMatch(i -> c.rows().get(i).tested())) {
                charts.put(group, indexes);
            } else {
                indexes.stream().filter(i -> Math.abs(Math.log(c.rows().get(i).ratio())) > 1e-9
                        || !Double.isFinite(c.rows().get(i).ratio())).forEach(other::add);
            }
        });
        if (!other.isEmpty()) {
            charts.put("figures without spread that changed", other);
        }
        charts.forEach((group, indexes) -> {
            for (int from = 0; from < indexes.size(); from += POINTS_PER_CHART) {
                List<Integer> part = indexes.subList(from, Math.min(indexes.size(), from + POINTS_PER_CHART));
                try {
                    ratioChart(group, part, c.rows()).ifPresent(chart -> h.pngImage(chart.png(palette), chart.alt(),
                            Charts.WIDTH, Charts.HEIGHT, "chart"));
                } catch (RuntimeException e) {
                    h.element("p", "Chart of " + group + " could not be drawn: " + e, "class", "missing chart-failed");
                }
            }
        });
        h.open("table").open("thead").open("tr");
        for (String head : List.of("#", "Task", "Engine", "Device", "Scenario", "Metric", "Parameters", "A", "B",
                "B/A (95% CI)", "Interval", "Verdict")) {
            h.element("th", head, "scope", "col");
        }
        h.close().close().open("tbody");
        for (int i = 0; i < c.rows().size(); i++) {
            Row r = c.rows().get(i);
            h.open("tr", "class", r.verdict() == Verdict.SLOWER ? "regression" : null);
            h.element("td", Integer.toString(i + 1), "class", "num");
            h.element("th", Format.orMissing(r.a().task()), "scope", "row");
            palette.engineCell(h, r.a().engine());
            h.element("td", Format.orMissing(r.a().device()));
            h.element("td", Format.orMissing(r.a().scenario()));
            h.element("td", Format.orMissing(r.a().metric()));
            h.element("td", Format.orMissing(TaskView.paramsText(Comparisons.comparableMeasurement(r.a()))));
            h.element("td", Format.interval(ConfidenceIntervals.of(r.a()), r.a().unit()), "class", "num");
            h.element("td", Format.interval(ConfidenceIntervals.of(r.b()), r.b().unit()), "class", "num");
            h.element("td", Format.factor(r.ratio()) + (Double.isNaN(r.low()) ? "" : " (" + ratio(r.low()) + " to "
                    + ratio(r.high()) + ")"), "class", "num");
            h.element("td", r.ciMethod());
            h.element("td", r.verdictText(), "class", r.verdict().word());
            h.close();
        }
        h.close().close().close();
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    static Optional<Charts.Chart> ratioChart(String group, List<Integer> indexes, List<Row> rows) {
        List<String> labels = new ArrayList<>();
        // one series per engine, so that each engine's points have its colour and marker
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        List<String> alt = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        for (Integer i : indexes) {
            Row r = rows.get(i);
            if (Double.isFinite(r.ratio()) && r.ratio() > 0) {
                all.add(r.ratio());
                if (Double.isFinite(r.low()) && r.low() > 0) {
                    all.add(r.low());
                    all.add(r.high());
                }
            }
        }
        boolean log = ChartKit.wantsLog(all) || all.stream().anyMatch(v -> v > 4 || v < 0.25);
        for (int k = 0; k < indexes.size(); k++) {
            Row r = rows.get(indexes.get(k));
            labels.add("#" + (indexes.get(k) + 1));
            if (!Double.isFinite(r.ratio()) || log && !(r.ratio() > 0)) {
                alt.add("#" + (indexes.get(k) + 1) + " " + describe(r.a()) + ": ratio not drawable");
                continue;
            }
            double hw = Double.isNaN(r.low()) ? 0 : Math.max(r.ratio() - r.low(), r.high() - r.ratio());
            if (log && hw >= r.ratio()) {
                hw = r.ratio() * 0.99;
            }
            points.computeIfAbsent(Format.orMissing(r.a().engine()), e -> new ArrayList<>())
                    .add(new double[] {k, r.ratio(), hw});
            alt.add("#" + (indexes.get(k) + 1) + " " + describe(r.a()) + ": " + Format.factor(r.ratio())
                    + (Double.isNaN(r.low()) ? "" : " (" + ratio(r.low()) + " to " + ratio(r.high()) + ")") + ", "
                    + r.verdictText());
        }
        if (points.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = ChartKit.xy("Ratio B/A: " + group, "figure (numbered as in the table)",
                "B / A" + (log ? ", log scale" : ""));
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisLogarithmic(log);
        chart.getStyler().setLegendVisible(true);
        ChartKit.categoryAxis(chart, labels);
        points.forEach((engine, ps) -> chart.addSeries(ChartKit.unique(chart, engine),
                ps.stream().mapToDouble(p -> p[0]).toArray(), ps.stream().mapToDouble(p -> p[1]).toArray(),
                ps.stream().mapToDouble(p -> p[2]).toArray()));
        chart.addAnnotation(new AnnotationLine(1.0, false, false));
        return Optional.of(new Charts.Chart(chart, "Dot chart of the ratio B/A of " + group
                + ", one colour and marker per engine, with 95% confidence intervals as error bars, a line at 1 (no change): " + String.join("; ", alt)
                + "."));
    }

    private static void only(HtmlWriter h, String id, String title, List<Measurement> ms, EnginePalette palette) {
        h.open("section", "id", id).element("h2", title);
        if (ms.isEmpty()) {
            h.element("p", "None.");
        } else {
            h.open("table").open("thead").open("tr");
            for (String head : List.of("Task", "Engine", "Device", "Scenario", "Metric", "Parameters", "Value")) {
                h.element("th", head, "scope", "col");
            }
            h.close().close().open("tbody");
            for (Measurement m : ms) {
                h.open("tr");
                h.element("th", Format.orMissing(m.task()), "scope", "row");
                palette.engineCell(h, m.engine());
                h.element("td", Format.orMissing(m.device()));
                h.element("td", Format.orMissing(m.scenario()));
                h.element("td", Format.orMissing(m.metric()));
                h.element("td", Format.orMissing(TaskView.paramsText(Comparisons.comparableMeasurement(m))));
                h.element("td", Format.withUnit(m.value(), m.unit()), "class", "num");
                h.close();
            }
            h.close().close();
        }
        h.close();
    }
}
