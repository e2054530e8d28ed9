package dev.jmlbench.ci.regression;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jmlbench.core.results.ResultsJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable outcome of {@code jmlbench compare}, written as JSON ({@code verdict.json} beside the
 * results by default). Version {@value #VERSION}.
 *
 * @param verdictVersion layout version
 * @param passed         whether the gate passed
 * @param exitCode       the exit code the command returned: 0 passed, 1 failed
 * @param summary        one line for people
 * @param baseline       what the run was compared with
 * @param runId          the compared run
 * @param gitCommit      its commit
 * @param alpha          significance level
 * @param thresholds     the rule per named metric
 * @param hardFailures   failures needing no baseline
 * @param notes          things to know
 * @param rows           one per compared cell
 * @param steps          steps found in the history (empty without history)
 */
public record Verdict(int verdictVersion, boolean passed, int exitCode, String summary, String baseline, String runId,
                      String gitCommit, double alpha, Map<String, MetricRule> thresholds, List<String> hardFailures,
                      List<String> notes, List<VerdictRow> rows, List<VerdictStep> steps) {
    /** The layout version written. */
    public static final int VERSION = 2;

    /**
     * One compared cell, flattened for scripts.
     *
     * @param task          task id
     * @param engine        engine id
     * @param device        device
     * @param scenario      scenario
     * @param metric        metric
     * @param params        scenario parameters (environment parameters left out)
     * @param unit          unit
     * @param status        {@link Row.Status} name
     * @param confirmation  {@link Row.Confirmation} name
     * @param failing       whether this row fails the gate
     * @param baseline      baseline value; null for a new cell
     * @param current       current value; null for a missing cell
     * @param change        relative change (or difference for absolute thresholds); null when not computable
     * @param relative      whether {@code change} and {@code threshold} are relative
     * @param threshold     the threshold
     * @param direction     which direction is better
     * @param test          significance test used
     * @param ratio         current over baseline, from the replicates (geometric means); null when untestable
     * @param low           lower bound of the interval of {@code ratio}; null when untestable
     * @param high          upper bound; null when untestable
     * @param evidence      the interval's verdict in the metric's good direction: faster (= better), slower
     *                      (= worse), equivalent, inconclusive
     * @param baselineRuns  number of runs behind the baseline value
     * @param recheckValue  the re-measured value, when confirmed or refuted by a re-run
     * @param recheckChange its change
     * @param recheckEvidence the re-measured figure's interval verdict
     * @param note          remarks
     */
    public record VerdictRow(String task, String engine, String device, String scenario, String metric,
                             Map<String, String> params, String unit, String status, String confirmation,
                             boolean failing, Double baseline, Double current, Double change, boolean relative,
                             double threshold, String direction, String test, Double ratio, Double low, Double high,
                             String evidence, Integer baselineRuns,
                             Double recheckValue, Double recheckChange, String recheckEvidence, String note) {
        static VerdictRow of(Row r) {
            CellKey k = r.key();
            Row re = r.recheck();
            return new VerdictRow(k.task(), k.engine(), k.device(), k.scenario(), k.metric(), k.params(), r.unit(),
                    r.status().name(), r.confirmation().name(), r.failing(),
                    r.baseline() == null ? null : r.baseline().value(),
                    r.current() == null ? null : r.current().value(), r.change(), r.rule().relative(),
                    r.rule().threshold(), r.rule().direction().name(), r.significance().test(),
                    finite(r.significance().ratio()), finite(r.significance().low()), finite(r.significance().high()),
                    r.significance().verdict().word(), r.baseline() == null ? null : r.baseline().runValues().size(),
                    re == null || re.current() == null ? null : re.current().value(), re == null ? null : re.change(),
                    re == null ? null : re.significance().verdict().word(), r.note());
        }

        private static Double finite(double v) {
            return Double.isFinite(v) ? v : null;
        }
    }

    /**
     * A step found in the history.
     *
     * @param cell       the cell, as text
     * @param fromCommit last commit before
     * @param toCommit   first commit after
     * @param before     level before
     * @param after      level after
     * @param change     change in the rule's terms
     * @param kind       regression, improvement or shift
     */
    public record VerdictStep(String cell, String fromCommit, String toCommit, double before, double after,
                              double change, String kind) {
    }

    /** The verdict of {@code comparison} (and of the history's steps, when there are trends). */
    public static Verdict of(Comparison comparison, Thresholds thresholds, HistoryTrends trends) {
        boolean passed = !comparison.failed();
        List<VerdictStep> steps = trends == null ? List.of() : trends.steps().stream()
                .map(s -> new VerdictStep(s.key().toString(), s.fromCommit(), s.toCommit(), s.before(), s.after(),
                        s.change(), s.kind())).toList();
        return new Verdict(VERSION, passed, passed ? 0 : 1, summary(comparison), comparison.baseline(),
                comparison.currentRunId(), comparison.gitCommit(), thresholds.alpha(), thresholds.rules(),
                comparison.hardFailures(), comparison.notes(),
                comparison.rows().stream().map(VerdictRow::of).toList(), steps);
    }

    /** One line: what failed, or that the gate passed and how many alerts were noise. */
    public static String summary(Comparison c) {
        long failing = c.rows().stream().filter(Row::failing).count();
        long refuted = c.rows().stream().filter(r -> r.confirmation() == Row.Confirmation.NOT_CONFIRMED).count();
        long improved = c.rows().stream().filter(r -> r.status() == Row.Status.IMPROVEMENT).count();
        long warnings = c.rows().stream().filter(r -> r.status() == Row.Status.WARNING).count();
        String tail = String.format(java.util.Locale.ROOT, "%d cell(s) compared, %d improvement(s), %d warning(s)%s",
                c.rows().size(), improved, warnings, refuted > 0 ? ", " + refuted + " alert(s) not confirmed by a"
                        + " re-run (noise)" : "");
        if (!c.failed()) {
            return "PASSED: no confirmed regression; " + tail;
        }
        return "FAILED: " + (c.hardFailures().isEmpty() ? "" : c.hardFailures().size() + " hard failure(s)"
                + (failing > 0 ? " and " : "")) + (failing > 0 ? failing + " regression(s)" : "") + "; " + tail;
    }

    /** Writes this verdict to {@code file} as indented JSON, atomically. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            ObjectWriter w = ResultsJson.mapper().writer().with(SerializationFeature.INDENT_OUTPUT);
            w.writeValue(tmp.toFile(), this);
            try {
                // temporary files are owner-only; a verdict is meant to be read by others (CI, people)
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep its defaults
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
