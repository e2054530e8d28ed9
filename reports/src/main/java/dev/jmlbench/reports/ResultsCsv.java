package dev.jmlbench.reports;

import dev.jmlbench.core.results.AtomicFiles;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Measurements as CSV (RFC 4180): a header and one row per measurement, CRLF line ends, fields quoted when
 * they hold a comma, quote, CR or LF, with quotes doubled. Numbers are written in full precision
 * ({@link Double#toString(double)}); absent values are empty fields.
 */
public final class ResultsCsv {

    /** The columns, in order. */
    public static final List<String> HEADER = List.of("task", "engine", "device", "scenario", "metric", "value",
            "unit", "error", "samples", Names.PARAM_BATCH_SIZE, Names.PARAM_THREADS, "otherParams", Names.PERCENTILE_P50,
            Names.PERCENTILE_P90, Names.PERCENTILE_P99, Names.PERCENTILE_P999,
            "accuracy", "qualityMet", "dataset", "datasetSha256", "split", "synthetic", "rawScores");

    private ResultsCsv() {
    }

    /** The CSV text for {@code measurements}. */
    public static String toCsv(List<Measurement> measurements) {
        StringBuilder out = new StringBuilder();
        appendRow(out, HEADER);
        for (Measurement m : measurements) {
            appendRow(out, row(m));
        }
        return out.toString();
    }

    /** Writes {@link #toCsv(List)} to {@code file} as UTF-8, atomically. */
    public static void write(List<Measurement> measurements, Path file) throws IOException {
        AtomicFiles.write(file, toCsv(measurements).getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> row(Measurement m) {
        Map<String, String> other = new TreeMap<>(m.params());
        String batch = other.remove(Names.PARAM_BATCH_SIZE);
        String threads = other.remove(Names.PARAM_THREADS);
        Map<String, Double> p = m.percentiles() == null ? Map.of() : m.percentiles();
        List<String> row = new ArrayList<>();
        row.add(m.task());
        row.add(m.engine());
        row.add(m.device());
        row.add(m.scenario());
        row.add(m.metric());
        row.add(Double.toString(m.value()));
        row.add(m.unit());
        row.add(str(m.error()));
        row.add(str(m.samples()));
        row.add(batch);
        row.add(threads);
        row.add(other.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";")));
        row.add(str(p.get(Names.PERCENTILE_P50)));
        row.add(str(p.get(Names.PERCENTILE_P90)));
        row.add(str(p.get(Names.PERCENTILE_P99)));
        row.add(str(p.get(Names.PERCENTILE_P999)));
        row.add(str(m.accuracy()));
        row.add(str(m.qualityMet()));
        row.add(m.dataset() == null ? null : m.dataset().id());
        row.add(m.dataset() == null ? null : m.dataset().sha256());
        row.add(m.dataset() == null ? null : m.dataset().split());
        row.add(m.dataset() == null ? null : Boolean.toString(m.dataset().synthetic()));
        row.add(m.rawScores() == null ? null
                : m.rawScores().stream().map(String::valueOf).collect(Collectors.joining(";")));
        return row;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    private static void appendRow(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(fields.get(i)));
        }
        out.append("\r\n");
    }

    /** A field quoted as RFC 4180 requires: only when needed, with embedded quotes doubled. */
    static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0
                && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
