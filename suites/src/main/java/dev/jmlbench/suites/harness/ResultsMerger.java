package dev.jmlbench.suites.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.reports.stats.EngineComparisons;
import dev.jmlbench.reports.stats.RatioInterval;
import dev.jmlbench.suites.jmh.ForkChecks;
import dev.jmlbench.suites.jmh.JmhFigures;
import dev.jmlbench.suites.jmh.JmhParts;
import dev.jmlbench.suites.jmh.UnmeasuredCells;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The merge stage, the one place where stage outputs are combined: it reads the quality stage's file, the parity
 * stage's, the studies stage's and JMH's records with the forks' checks, and writes {@code results.json}: every
 * figure (JMH's read by {@link JmhFigures} from each benchmark's declaration), a cell for every JMH figure that
 * produced nothing ({@link UnmeasuredCells}), the harness's share of every inference figure, the dl-vs-classic
 * block ({@link DlVsClassic}) and the engine comparisons.
 */
public final class ResultsMerger {
    private ResultsMerger() {
    }

    /** Reads the stage outputs of {@code settings} and writes {@link RunSettings#resultsFile()}. */
    public static RunResults merge(RunSettings settings) throws IOException {
        RunResults quality = ResultsJson.read(settings.qualityFile());
        Map<String, ForkChecks> checks = ForkChecks.read(settings.jmhCheckDir());
        JsonNode records;
        if (Files.isRegularFile(settings.jmhFile())) { // the JMH stage writes it at its end, failed forks included
            records = ResultsJson.mapper().readTree(settings.jmhFile().toFile());
        } else {
            // a stage stopped before its end (to be resumed), or none: the tasks it timed on every engine are
            // reported, the others' cells are open, not failed
            Set<String> timed = JmhParts.timed(settings.jmhPartDir());
            checks = checks.entrySet().stream().filter(e -> timed.contains(e.getValue().first().task()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
                            LinkedHashMap::new));
            records = JmhParts.timedRecords(settings.jmhPartDir());
        }
        JmhFigures.Read jmh = new JmhFigures(quality, checks, settings.threads(), settings.preset().name())
                .read(records);
        List<Measurement> measurements = new ArrayList<>(jmh.figures());
        List<CellStatus> cells = new ArrayList<>(UnmeasuredCells.of(checks, jmh.measured(), settings.threads()));
        measurements.addAll(overheadFractions(measurements));
        RunResults merged = withStage(quality, settings.parityFile());
        merged = withStage(merged, StudyRun.file(settings)).plus(measurements, cells);
        merged = withTasks(merged, settings.jmhTrainingOnlyTasks());
        merged = merged.plus(DlVsClassic.block(merged), List.of());
        merged = withShard(merged, settings.shard(), settings.shard().whole() ? null : settings.shardPlan());
        merged = merged.withComparisons(EngineComparisons.of(merged.measurements(), settings.margin(),
                RatioInterval.LEVEL));
        ResultsJson.write(settings.resultsFile(), merged);
        return merged;
    }

    /**
     * {@code r} with the specs of {@code more} it lacks: the tasks JMH timed for training alone never passed through
     * the quality stage, whose file is where specs come from, and their figures need their spec beside them.
     */
    static RunResults withTasks(RunResults r, List<TaskSpec> more) {
        java.util.Set<String> known = r.tasks().stream().map(TaskSpec::id).collect(java.util.stream.Collectors.toSet());
        List<TaskSpec> tasks = new ArrayList<>(r.tasks());
        more.stream().filter(t -> !known.contains(t.id())).forEach(tasks::add);
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), tasks, r.datasets(),
                r.measurements(), r.cells(), r.provenance(), r.comparisons());
    }

    /**
     * {@code r} with every figure stamped {@code shard=K/N} and {@code shardPlan=}{@code plan} (the partition's
     * fingerprint) when it is a shard's part; {@code r} for a whole run.
     */
    static RunResults withShard(RunResults r, Shard shard, String plan) {
        if (shard.whole()) {
            return r;
        }
        List<Measurement> stamped = new ArrayList<>();
        for (Measurement m : r.measurements()) {
            Map<String, String> p = new java.util.LinkedHashMap<>(m.params());
            p.put(Names.PARAM_SHARD, shard.toString());
            p.put(Names.PARAM_SHARD_PLAN, plan);
            stamped.add(m.withParams(p));
        }
        return new RunResults(r.schemaVersion(), r.runId(), r.environment(), r.engines(), r.tasks(), r.datasets(),
                stamped, r.cells(), r.provenance(), r.comparisons());
    }

    /** {@code r} with everything of the stage file {@code stageFile} when that stage ran, else {@code r}. */
    static RunResults withStage(RunResults r, Path stageFile) {
        return Files.isRegularFile(stageFile) ? ResultsUnion.of(r, ResultsJson.read(stageFile)) : r;
    }

    /**
     * The harness's share of every inference figure: the time of the timed body around an empty model divided by
     * the measured time of one call (batch throughput: batch / samples per second; latency: its mean).
     */
    static List<Measurement> overheadFractions(List<Measurement> measurements) {
        Measurement overhead = measurements.stream()
                .filter(m -> m.metric().equals(Names.METRIC_HARNESS_OVERHEAD)).findFirst().orElse(null);
        List<Measurement> out = new ArrayList<>();
        if (overhead == null || !(overhead.value() > 0)) {
            return out;
        }
        for (Measurement m : measurements) {
            double callNanos;
            if (m.scenario().equals(Names.SCENARIO_INFERENCE_THROUGHPUT) && m.metric().equals(Names.METRIC_THROUGHPUT)
                    && m.value() > 0) {
                callNanos = 1e9 * Integer.parseInt(m.params().getOrDefault(Names.PARAM_BATCH_SIZE, "1")) / m.value();
            } else if (m.scenario().equals(Names.SCENARIO_INFERENCE_LATENCY) && m.metric().equals(Names.METRIC_LATENCY)
                    && m.value() > 0) {
                callNanos = m.value() * 1000; // latency is in microseconds
            } else {
                continue;
            }
            out.add(m.derive(Names.METRIC_HARNESS_OVERHEAD_FRACTION)
                    .value(overhead.value() / callNanos, Names.UNIT_FRACTION).build());
        }
        return out;
    }
}
