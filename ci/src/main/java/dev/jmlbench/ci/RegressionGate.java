package dev.jmlbench.ci;

import dev.jmlbench.ci.history.HistoryRecord;
import dev.jmlbench.ci.history.HistoryStore;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.ci.regression.Baseline;
import dev.jmlbench.ci.regression.Comparison;
import dev.jmlbench.ci.regression.Confirmation;
import dev.jmlbench.ci.regression.HistoryTrends;
import dev.jmlbench.ci.regression.RegressionCheck;
import dev.jmlbench.ci.regression.RegressionTable;
import dev.jmlbench.ci.regression.Remeasurer;
import dev.jmlbench.ci.regression.ReportSections;
import dev.jmlbench.ci.regression.Thresholds;
import dev.jmlbench.ci.regression.Verdict;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.RegressionSection;
import dev.jmlbench.reports.ReportGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code jmlbench compare} as one call: read the run, find its baseline (a results file, or the rolling median
 * of the history on the same machine class), compare, confirm alerts by re-measuring, record the run in the
 * history, find steps in the history, and write the verdict, the terminal table and the report section.
 */
public final class RegressionGate {
    /** Most commits drawn in a trend chart and searched for steps. */
    public static final int TREND_POINTS = 100;

    private RegressionGate() {
    }

    /**
     * The quality-stage part of a run (its quality figures and cell outcomes, without JMH figures): what a
     * confirmation re-run of the JMH stage starts from, as the JMH stage of a normal run starts from the quality
     * stage's file.
     */
    public static RunResults qualityStageOf(RunResults run) {
        return new RunResults(run.schemaVersion(), run.runId() + "-confirm", run.environment(), run.engines(),
                run.tasks(), run.datasets(),
                run.measurements().stream().filter(m -> m.scenario().equals(Names.SCENARIO_QUALITY)).toList(),
                run.cells().stream().filter(c -> !Names.STAGE_JMH.equals(c.stage())).toList());
    }

    /**
     * What to compare and how.
     *
     * @param results    the run's results file
     * @param baselines  baseline results files (a committed baseline, or one or more runs of the base commit);
     *                   empty to use the history's rolling median
     * @param history    the history file; null for none
     * @param window     runs in the rolling median
     * @param thresholds rules per metric and significance level
     * @param confirm    whether alerts are re-measured before they fail
     * @param record     whether the run is appended to the history
     * @param verdict    where the verdict JSON goes; null for nowhere
     * @param reportDir  the report folder to (re)write with the regression section; null for none
     * @param showAll    whether the terminal table lists unchanged cells too
     */
    public record Options(Path results, List<Path> baselines, Path history, int window, Thresholds thresholds,
                          boolean confirm, boolean record, Path verdict, Path reportDir, boolean showAll) {
        public Options {
            baselines = baselines == null ? List.of() : List.copyOf(baselines);
        }
    }

    /**
     * What came out.
     *
     * @param verdict    the verdict, as written
     * @param comparison the comparison after confirmation
     * @param trends     the history's trends; null without history
     * @param section    the report section
     */
    public record Outcome(Verdict verdict, Comparison comparison, HistoryTrends trends, RegressionSection section) {
    }

    /**
     * Runs the comparison.
     *
     * @param remeasurer measures flagged cells again (used only when {@code options.confirm()})
     * @param log        where the table and progress go
     * @throws dev.jmlbench.core.results.MalformedResultsException           when a results file is unreadable
     * @throws dev.jmlbench.ci.history.MalformedHistoryException when the history is
     */
    public static Outcome run(Options options, Remeasurer remeasurer, PrintStream log) throws IOException {
        RunResults current = ResultsJson.read(options.results());
        MachineClass machine = MachineClass.of(current.environment());
        HistoryStore store = options.history() == null ? null : new HistoryStore(options.history());
        List<HistoryRecord> history = store == null ? List.of() : store.read();
        Baseline baseline;
        if (!options.baselines().isEmpty()) {
            List<RunResults> runs = options.baselines().stream().map(ResultsJson::read).toList();
            baseline = Baseline.of(runs, (runs.size() == 1 ? "baseline file " : "median of the baseline files ")
                    + String.join(", ", options.baselines().stream().map(Path::toString).toList()));
        } else {
            baseline = Baseline.rollingMedian(history, machine, options.window(), current.runId(),
                    String.valueOf(options.history())).orElseGet(() -> new Baseline("none: no baseline file given and"
                    + " no run on " + machine + " in the history " + options.history()
                    + "; only the checks that need no baseline ran", machine, 0, Map.of()));
        }
        RegressionCheck check = new RegressionCheck(options.thresholds());
        Comparison comparison = check.compare(baseline, current);
        if (options.confirm()) {
            comparison = Confirmation.confirm(comparison, remeasurer, check, log);
        }
        if (store != null && options.record()) {
            boolean appended = store.append(current);
            log.println("[compare] " + (appended ? "recorded run " + current.runId() + " in " : "run "
                    + current.runId() + " is already recorded in ") + store.file());
            history = store.read();
        }
        HistoryTrends trends = history.isEmpty() ? null
                : HistoryTrends.of(history, machine, options.thresholds(), TREND_POINTS);
        RegressionTable.print(comparison, options.showAll(), log);
        if (trends != null) {
            trends.steps().stream().filter(s -> !s.kind().equals("shift")).forEach(s -> log.println(
                    "[compare] history: " + s.key() + " stepped between " + s.fromCommit() + " and " + s.toCommit()
                            + " (" + RegressionTable.number(s.before()) + " -> " + RegressionTable.number(s.after())
                            + ", " + RegressionTable.changeText(s.change(), s.rule()) + ", " + s.kind() + ")"));
        }
        Verdict verdict = Verdict.of(comparison, options.thresholds(), trends);
        if (options.verdict() != null) {
            verdict.write(options.verdict());
            log.println("[compare] wrote " + options.verdict());
        }
        RegressionSection section = ReportSections.of(comparison, trends,
                HistoryTrends.units(history.isEmpty() ? List.of(HistoryRecord.of(current)) : history));
        if (options.reportDir() != null) {
            Path index = ReportGenerator.write(current, options.results(), options.reportDir(), section);
            log.println("[compare] wrote " + index);
        }
        return new Outcome(verdict, comparison, trends, section);
    }
}
