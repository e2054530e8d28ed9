package dev.jmlbench.ci.history;

import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.RunResults;

import java.util.List;

/**
 * One run in the history: what {@code results.json} holds, less the task specs and dataset provenance (which
 * do not change from run to run and would make every line tens of kilobytes longer).
 *
 * @param historyVersion version of this record's layout, {@link #VERSION}
 * @param runId          the run's id
 * @param environment    machine, JVM, thread settings, git commit, start time
 * @param engines        engines with their library and native versions
 * @param measurements   every figure of the run
 * @param cells          every cell outcome
 */
public record HistoryRecord(int historyVersion, String runId, EnvironmentInfo environment, List<EngineInfo> engines,
                            List<Measurement> measurements, List<CellStatus> cells) {
    /** The layout version this code writes and reads. */
    public static final int VERSION = 1;

    public HistoryRecord {
        engines = List.copyOf(engines);
        measurements = List.copyOf(measurements);
        cells = List.copyOf(cells);
    }

    /** The history record of a run. */
    public static HistoryRecord of(RunResults results) {
        return new HistoryRecord(VERSION, results.runId(), results.environment(), results.engines(),
                results.measurements(), results.cells());
    }

    /** The machine class of the run. */
    public MachineClass machine() {
        return MachineClass.of(environment);
    }

    /** The run's commit, shortened to 10 characters for people. */
    public String shortCommit() {
        String c = environment.gitCommit();
        return c == null ? "unknown" : c.length() > 10 && c.matches("[0-9a-f]+") ? c.substring(0, 10) : c;
    }
}
