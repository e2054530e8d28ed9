package dev.jmlbench.suites.harness;

import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@link Shard} balances by: each task's cost, estimated from its recipe ({@link Shard#estimatedCost}), or
 * measured by an earlier run of the catalogue ({@code --shard-costs FILE}, e.g. the last night's merged
 * {@code results.json}).
 *
 * <p>The estimate knows the recipe, not the engines: an engine that is 25 times slower than another at one task
 * (Tribuo's random forest on MNIST takes about 40 min a seed, the reference's 20-28 s) makes that task's shard
 * run hours after the others. A measured cost is the task's training seconds in the quality stage, summed over the
 * engines of the earlier run (each engine's mean per seed, times the seeds the preset trains), plus the JMH stage's
 * fixed durations per engine. A task the earlier run has no training time for (new, or failed there) keeps its
 * estimate, times the number of engines of that run, so that both kinds of cost are totals over engines.
 *
 * @param source         the results file the costs were read from; null for the estimate
 * @param trainingPerSeed per task id, its training seconds per seed summed over the engines that trained it
 * @param enginesPerTask per task id, how many engines trained it
 * @param engines        the number of engines of the earlier run
 */
public record ShardCosts(Path source, Map<String, Double> trainingPerSeed, Map<String, Integer> enginesPerTask,
                         int engines) {
    /** Costs from the recipes alone. */
    public static final ShardCosts ESTIMATED = new ShardCosts(null, Map.of(), Map.of(), 1);

    public ShardCosts {
        trainingPerSeed = Map.copyOf(trainingPerSeed);
        enginesPerTask = Map.copyOf(enginesPerTask);
    }

    /**
     * The costs measured by the run in {@code resultsFile}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it, when it cannot be read or holds no
     *                                  training time of any task
     */
    public static ShardCosts measuredBy(Path resultsFile) {
        RunResults r;
        try {
            r = ResultsJson.read(resultsFile);
        } catch (MalformedResultsException e) {
            throw new IllegalArgumentException("--shard-costs: " + e.getMessage(), e);
        }
        // per (task, engine, device): the train time of each seed
        Map<List<String>, List<Double>> bySeed = new HashMap<>();
        for (Measurement m : r.measurements()) {
            if (m.scenario().equals(Names.SCENARIO_QUALITY) && m.metric().equals(Names.METRIC_TRAIN_TIME)
                    && Double.isFinite(m.value()) && m.value() >= 0) {
                bySeed.computeIfAbsent(List.of(m.task(), m.engine(), String.valueOf(m.device())),
                        k -> new ArrayList<>()).add(m.value());
            }
        }
        if (bySeed.isEmpty()) {
            throw new IllegalArgumentException("--shard-costs: " + resultsFile + " holds no training time"
                    + " (quality-scenario figure '" + Names.METRIC_TRAIN_TIME + "'): give the results.json of a run"
                    + " whose quality stage ran");
        }
        Map<String, Double> training = new HashMap<>();
        Map<String, Integer> engineCount = new HashMap<>();
        bySeed.forEach((key, seconds) -> {
            double mean = seconds.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            training.merge(key.get(0), mean, Double::sum);
            engineCount.merge(key.get(0), 1, Integer::sum);
        });
        Set<String> engines = new TreeSet<>();
        bySeed.keySet().forEach(k -> engines.add(k.get(1)));
        return new ShardCosts(resultsFile, training, engineCount, engines.size());
    }

    /** Whether these are the recipes' estimates alone. */
    public boolean estimated() {
        return source == null;
    }

    /** The cost of {@code task} under {@code preset}, in (nominal) seconds over all engines. */
    public double of(TaskSpec task, Preset preset) {
        Double perSeed = trainingPerSeed.get(task.id());
        if (perSeed == null) {
            return engines * Shard.estimatedCost(task, preset);
        }
        return perSeed * Seeds.count(task, preset) + enginesPerTask.get(task.id()) * Shard.jmhSeconds(preset);
    }

    /** For the plan's header: what the costs are. */
    public String describe() {
        return estimated()
                ? "an estimate for balancing (JMH's fixed durations plus training FLOPs at a nominal 4 GFLOP/s, in"
                + " seconds per engine), not a forecast of the wall time"
                : "training seconds measured by " + source + " (summed over its " + engines + " engines, times the"
                + " preset's seeds) plus JMH's fixed durations per engine; tasks it did not train: the estimate times "
                + engines;
    }
}
