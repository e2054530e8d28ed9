package dev.jmlbench.ci.regression;

import dev.jmlbench.ci.history.HistoryRecord;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.RunResults;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the current run is compared with: one figure per cell, from a committed results file or from the
 * rolling median of the last runs in the history.
 *
 * @param description where the figures come from, for people
 * @param machine     the machine class they were measured on
 * @param runs        how many runs stand behind the figures
 * @param figures     one figure per cell
 */
public record Baseline(String description, MachineClass machine, int runs, Map<CellKey, Figure> figures) {
    /** Default number of history runs in the rolling median. */
    public static final int DEFAULT_WINDOW = 10;

    public Baseline {
        figures = java.util.Collections.unmodifiableMap(new TreeMap<>(figures));
    }

    /** The figures of one results file (a committed baseline, or the base commit's run of a pull request). */
    public static Baseline of(RunResults results, String description) {
        return of(List.of(results), description);
    }

    /**
     * The figures of several runs of the baseline code (e.g. the base commit measured twice, before and after the
     * head): per cell the median of the runs' values, with their samples pooled. Two base runs halve the chance
     * that one lucky base run makes the head look slower.
     *
     * @throws IllegalArgumentException when the runs are empty or come from different machine classes
     */
    public static Baseline of(List<RunResults> runs, String description) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a baseline needs at least one run");
        }
        MachineClass machine = MachineClass.of(runs.get(0).environment());
        for (RunResults r : runs) {
            if (!MachineClass.of(r.environment()).equals(machine)) {
                throw new IllegalArgumentException("baseline runs come from different machines: " + machine + " and "
                        + MachineClass.of(r.environment()) + " (run " + r.runId() + ")");
            }
        }
        return new Baseline(description, machine, runs.size(),
                figuresOf(runs.stream().map(RunResults::measurements).toList()));
    }

    /**
     * The rolling median of the last {@code window} runs of {@code history} on {@code machine}, leaving out the
     * run {@code excludeRunId} (the current run, when it was recorded already).
     *
     * @return empty when the history holds no such run
     */
    public static java.util.Optional<Baseline> rollingMedian(List<HistoryRecord> history, MachineClass machine,
                                                             int window, String excludeRunId, String source) {
        if (window < 1) {
            throw new IllegalArgumentException("--window must be at least 1, got " + window);
        }
        List<HistoryRecord> same = history.stream()
                .filter(r -> r.machine().equals(machine) && !r.runId().equals(excludeRunId)).toList();
        if (same.isEmpty()) {
            return java.util.Optional.empty();
        }
        List<HistoryRecord> last = same.subList(Math.max(0, same.size() - window), same.size());
        List<List<Measurement>> runs = last.stream().map(HistoryRecord::measurements).toList();
        String first = last.get(0).shortCommit();
        String end = last.get(last.size() - 1).shortCommit();
        return java.util.Optional.of(new Baseline("rolling median of the last " + last.size() + " run(s) on "
                + machine + " in " + source + " (commits " + first + " .. " + end + ")", machine, last.size(),
                figuresOf(runs)));
    }

    private static Map<CellKey, Figure> figuresOf(List<List<Measurement>> runs) {
        // per key, per run: a run may hold several figures of one key (seeds); they form one figure first
        Map<CellKey, List<Measurement>> perKey = new LinkedHashMap<>();
        for (List<Measurement> run : runs) {
            Map<CellKey, List<Measurement>> inRun = group(run);
            inRun.forEach((k, ms) -> perKey.computeIfAbsent(k, x -> new ArrayList<>()).add(representative(ms)));
        }
        Map<CellKey, Figure> figures = new LinkedHashMap<>();
        perKey.forEach((k, ms) -> figures.put(k, Figure.ofSeveral(ms)));
        return figures;
    }

    /** Measurements of one run grouped by cell. */
    static Map<CellKey, List<Measurement>> group(List<Measurement> run) {
        Map<CellKey, List<Measurement>> m = new LinkedHashMap<>();
        for (Measurement x : run) {
            if (Double.isFinite(x.value())) {
                m.computeIfAbsent(CellKey.of(x), k -> new ArrayList<>()).add(x);
            }
        }
        return m;
    }

    /** One measurement standing for several of a run: itself when alone, else their median with pooled samples. */
    static Measurement representative(List<Measurement> ms) {
        if (ms.size() == 1) {
            return ms.get(0);
        }
        Figure f = Figure.ofSeveral(ms);
        Measurement a = ms.get(0);
        return a.derive(a.metric()).value(f.value(), a.unit()).samples(f.samples().size()).rawScores(f.samples())
                .build();
    }
}
