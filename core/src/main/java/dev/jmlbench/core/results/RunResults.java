package dev.jmlbench.core.results;

import dev.jmlbench.core.data.DatasetInfo;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.task.TaskSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run measured: the top-level object of {@code results.json}.
 *
 * @param schemaVersion version of this schema; readers refuse versions they do not know
 * @param runId         unique id of the run
 * @param environment   machine, JVM, threads, git commit, time
 * @param engines       the engines that were opened, with versions and applied thread settings
 * @param tasks         the task specs that were run
 * @param datasets      provenance of every dataset used
 * @param measurements  every measured figure
 * @param cells         outcome of every (task, engine, device, stage), including failures and skips
 * @param provenance    what engines recorded about how they trained each model (Tribuo's provenance); may be
 *                      absent in files written before it existed
 * @param comparisons   every pair of engines measured on the same speed figure, as a ratio with its interval
 *                      over forks and a verdict; empty in files written before it existed
 */
public record RunResults(int schemaVersion, String runId, EnvironmentInfo environment, List<EngineInfo> engines,
                         List<TaskSpec> tasks, List<DatasetInfo> datasets, List<Measurement> measurements,
                         List<CellStatus> cells, List<ModelProvenance> provenance,
                         List<EngineComparison> comparisons) {

    /** Results without engine comparisons. */
    public RunResults(int schemaVersion, String runId, EnvironmentInfo environment, List<EngineInfo> engines,
                      List<TaskSpec> tasks, List<DatasetInfo> datasets, List<Measurement> measurements,
                      List<CellStatus> cells, List<ModelProvenance> provenance) {
        this(schemaVersion, runId, environment, engines, tasks, datasets, measurements, cells, provenance, List.of());
    }

    /** Results without engine provenance. */
    public RunResults(int schemaVersion, String runId, EnvironmentInfo environment, List<EngineInfo> engines,
                      List<TaskSpec> tasks, List<DatasetInfo> datasets, List<Measurement> measurements,
                      List<CellStatus> cells) {
        this(schemaVersion, runId, environment, engines, tasks, datasets, measurements, cells, List.of());
    }

    /** The schema version this code writes. */
    public static final int SCHEMA_VERSION = 1;

    public RunResults {
        engines = List.copyOf(engines);
        tasks = List.copyOf(tasks);
        datasets = List.copyOf(datasets);
        measurements = List.copyOf(measurements);
        cells = List.copyOf(cells);
        provenance = provenance == null ? List.of() : List.copyOf(provenance);
        comparisons = comparisons == null ? List.of() : List.copyOf(comparisons);
    }

    /** These results with {@code newComparisons} in place of the comparisons they had. */
    public RunResults withComparisons(List<EngineComparison> newComparisons) {
        return new RunResults(schemaVersion, runId, environment, engines, tasks, datasets, measurements, cells,
                provenance, newComparisons);
    }

    /** These results with the provenance of one more trained model. */
    public RunResults plusProvenance(ModelProvenance more) {
        List<ModelProvenance> p = new ArrayList<>(provenance);
        p.add(more);
        return new RunResults(schemaVersion, runId, environment, engines, tasks, datasets, measurements, cells, p,
                comparisons);
    }

    /** These results with more measurements and cells appended. */
    public RunResults plus(List<Measurement> moreMeasurements, List<CellStatus> moreCells) {
        List<Measurement> m = new ArrayList<>(measurements);
        m.addAll(moreMeasurements);
        List<CellStatus> c = new ArrayList<>(cells);
        c.addAll(moreCells);
        return new RunResults(schemaVersion, runId, environment, engines, tasks, datasets, m, c, provenance,
                comparisons);
    }
}
