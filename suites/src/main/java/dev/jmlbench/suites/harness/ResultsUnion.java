package dev.jmlbench.suites.harness;

import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.results.ModelProvenance;
import dev.jmlbench.core.results.RunResults;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Unions of results objects: how one stage output is laid over another. The merge stage uses it to combine the
 * stage files; a stage uses it only on its own output (an engine's child JVM, an earlier run being resumed).
 */
public final class ResultsUnion {
    private ResultsUnion() {
    }

    /**
     * {@code base} with everything {@code more} measured: its figures, cells and provenance appended, and its
     * tasks, datasets and engines added where {@code base} does not have one of the same id. The run id and the
     * environment stay those of {@code base}.
     */
    public static RunResults of(RunResults base, RunResults more) {
        List<ModelProvenance> provenance = new ArrayList<>(base.provenance());
        provenance.addAll(more.provenance());
        RunResults plus = base.plus(more.measurements(), more.cells());
        return new RunResults(plus.schemaVersion(), plus.runId(), plus.environment(),
                byId(base.engines(), more.engines(), EngineInfo::id),
                byId(base.tasks(), more.tasks(), t -> t.id()),
                byId(base.datasets(), more.datasets(), d -> d.id()),
                plus.measurements(), plus.cells(), provenance, plus.comparisons());
    }

    /** {@code r} with {@code info} in place of the engine of the same id, or added. */
    public static RunResults withEngine(RunResults r, EngineInfo info) {
        List<EngineInfo> engines = new ArrayList<>(r.engines());
        engines.removeIf(e -> e.id().equals(info.id()));
        engines.add(info);
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), engines, r.tasks(), r.datasets(),
                r.measurements(), r.cells(), r.provenance(), r.comparisons());
    }

    private static <T> List<T> byId(List<T> base, List<T> more, Function<T, String> id) {
        List<T> out = new ArrayList<>(base);
        more.stream().filter(x -> out.stream().noneMatch(y -> id.apply(y).equals(id.apply(x)))).forEach(out::add);
        return out;
    }
}
