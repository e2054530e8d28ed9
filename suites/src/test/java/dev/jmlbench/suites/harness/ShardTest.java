package dev.jmlbench.suites.harness;

import dev.jmlbench.core.env.EnvironmentProbe;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardTest {
    private static final List<TaskSpec> FULL_TIER = TaskCatalogue.builtIn().select(
            TaskCatalogue.builtIn().idsForTier(TaskCatalogue.TIER_FULL));

    @Test
    void theShardsOfARunAreDisjointAndCoverEveryTask() {
        for (int n = 1; n <= 5; n++) {
            Set<String> seen = new HashSet<>();
            for (int k = 1; k <= n; k++) {
                for (String id : new Shard(k, n).tasksOf(FULL_TIER, Preset.FULL)) {
                    assertTrue(seen.add(id), id + " in two shards of " + n);
                }
            }
            assertEquals(FULL_TIER.stream().map(TaskSpec::id).collect(java.util.stream.Collectors.toSet()), seen,
                    n + " shards cover the tasks");
        }
    }

    @Test
    void everyProcessComputesTheSamePartitionWhateverTheOrderOfTheTasks() {
        List<TaskSpec> shuffled = new ArrayList<>(FULL_TIER);
        Collections.shuffle(shuffled, new java.util.Random(7));
        assertEquals(Shard.assign(FULL_TIER, 3, Preset.FULL), Map.copyOf(Shard.assign(shuffled, 3, Preset.FULL)));
        assertEquals(new HashSet<>(new Shard(2, 3).tasksOf(FULL_TIER, Preset.FULL)),
                new HashSet<>(new Shard(2, 3).tasksOf(shuffled, Preset.FULL)));
    }

    @Test
    void shardsAreBalancedByEstimatedCostNotByCount() {
        Map<String, Integer> shardOf = Shard.assign(FULL_TIER, 3, Preset.FULL);
        double[] load = new double[3];
        double largest = 0;
        for (TaskSpec t : FULL_TIER) {
            load[shardOf.get(t.id()) - 1] += Shard.estimatedCost(t, Preset.FULL);
            largest = Math.max(largest, Shard.estimatedCost(t, Preset.FULL));
        }
        double max = Math.max(load[0], Math.max(load[1], load[2]));
        double min = Math.min(load[0], Math.min(load[1], load[2]));
        // largest-first onto the least loaded: no shard exceeds another by more than one task's cost
        assertTrue(max - min <= largest + 1e-9, java.util.Arrays.toString(load) + ", largest task " + largest);
        TaskSpec lenetMnist = TaskCatalogue.builtIn().get("lenet5-mnist");
        TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
        assertTrue(Shard.estimatedCost(lenetMnist, Preset.FULL) > 1.5 * Shard.estimatedCost(iris, Preset.FULL),
                "training LeNet-5 on 60,000 images is estimated dearer than a logistic regression on 150 flowers");
    }

    @Test
    void thePlanNamesEveryTaskOnceUnderItsShardAndMarksThisProcesssShard() {
        List<String> plan = Shard.describePlan(FULL_TIER, 3, Preset.FULL, new Shard(2, 3));
        assertEquals(3, plan.size(), plan.toString());
        Map<String, Integer> shardOf = Shard.assign(FULL_TIER, 3, Preset.FULL);
        for (TaskSpec t : FULL_TIER) {
            String line = plan.get(shardOf.get(t.id()) - 1);
            assertTrue(line.matches(".*[:,] " + java.util.regex.Pattern.quote(t.id()) + "(,.*|$)"), t.id() + ": " + line);
        }
        assertTrue(plan.get(1).startsWith("shard 2/3 (this one)  cost "), plan.get(1));
        assertTrue(plan.get(0).startsWith("shard 1/3  cost "), plan.get(0));

        dev.jmlbench.suites.CliRun o = dev.jmlbench.suites.CliRun.of("run", "--preset", "smoke", "--shard", "1/2",
                "--plan", "--out", "target/plan-test-never-written");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().startsWith("plan: smoke preset, 2 shards"), o.out());
        assertTrue(o.out().contains("shard 1/2 (this one)"), o.out());
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("target/plan-test-never-written")),
                "a plan runs nothing");
    }

    @Test
    void aMalformedShardIsAUsageErrorSayingTheForm() {
        for (String bad : List.of("3", "0/2", "3/2", "a/b", "1/0", "1/2/3", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().contains("K/N"), e.getMessage());
        }
        assertEquals(new Shard(2, 3), Shard.parse(" 2/3 "));
        assertEquals("2/3", new Shard(2, 3).toString());
        assertTrue(Shard.parse("1/1").whole());
    }

    /**
     * An earlier run's results: every full-tier task trained by two engines in 10 s a seed, except that one engine
     * takes {@code slowSeconds} a seed on mnist-random-forest.
     */
    private static Path earlierRun(Path dir, double slowSeconds) throws Exception {
        List<Measurement> m = new ArrayList<>();
        for (TaskSpec t : FULL_TIER) {
            for (String engine : List.of("engine-a", "engine-b")) {
                for (int seed = 0; seed < 5; seed++) {
                    double seconds = engine.equals("engine-b") && t.id().equals("mnist-random-forest") ? slowSeconds : 10;
                    m.add(Measurement.of(t.id(), engine, Names.SCENARIO_QUALITY, Names.METRIC_TRAIN_TIME)
                            .param(Names.PARAM_SEED, Integer.toString(seed)).value(seconds, Names.UNIT_SECONDS)
                            .samples(1).build());
                }
            }
        }
        Path file = dir.resolve("results.json");
        ResultsJson.write(file, new RunResults(RunResults.SCHEMA_VERSION, "earlier", EnvironmentProbe.capture(1,
                Path.of("").toAbsolutePath()), List.of(), FULL_TIER, List.of(), m, List.of()));
        return file;
    }

    @Test
    void measuredCostsGiveATaskThatOneEngineTrainsSlowlyAShardOfItsOwn(@TempDir Path dir) throws Exception {
        ShardCosts costs = ShardCosts.measuredBy(earlierRun(dir, 2400));
        TaskSpec forest = TaskCatalogue.builtIn().get("mnist-random-forest");
        assertEquals(2 * Shard.jmhSeconds(Preset.FULL) + 5 * (2400 + 10), costs.of(forest, Preset.FULL), 1e-6,
                "both engines' mean seconds a seed, times 5 seeds, plus JMH's durations per engine");
        Map<String, Integer> measured = Shard.assign(FULL_TIER, 4, Preset.FULL, costs);
        int forestShard = measured.get("mnist-random-forest");
        assertEquals(List.of("mnist-random-forest"), FULL_TIER.stream().map(TaskSpec::id)
                .filter(id -> measured.get(id) == forestShard).toList(), "the slow task runs alone: " + measured);
        Map<String, Integer> estimated = Shard.assign(FULL_TIER, 4, Preset.FULL);
        int estimatedShard = estimated.get("mnist-random-forest");
        assertTrue(FULL_TIER.stream().filter(t -> estimated.get(t.id()) == estimatedShard).count() > 1,
                "the recipes' estimate cannot know that one engine is slow at it: " + estimated);
        // what the shards' processes use: the same partition from the same file
        Shard third = new Shard(3, 4).withCosts(ShardCosts.measuredBy(dir.resolve("results.json")));
        assertEquals(FULL_TIER.stream().map(TaskSpec::id).filter(id -> measured.get(id) == 3).toList(),
                third.tasksOf(FULL_TIER, Preset.FULL));
    }

    @Test
    void aTaskTheEarlierRunDidNotTrainKeepsItsEstimateForEveryEngine(@TempDir Path dir) throws Exception {
        ShardCosts costs = ShardCosts.measuredBy(earlierRun(dir, 10));
        TaskSpec other = TaskCatalogue.builtIn().get("charlm-lstm"); // in the tier: measured
        assertEquals(2 * Shard.jmhSeconds(Preset.FULL) + 5 * 20, costs.of(other, Preset.FULL), 1e-6);
        ShardCosts fewer = new ShardCosts(costs.source(), Map.of(), Map.of(), 2);
        assertEquals(2 * Shard.estimatedCost(other, Preset.FULL), fewer.of(other, Preset.FULL), 1e-6);
    }

    @Test
    void anUnreadableOrEmptyCostsFileIsOneMessageNamingTheFile(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"schemaVersion\": 1, \"measure");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardCosts.measuredBy(broken));
        assertTrue(e.getMessage().startsWith("--shard-costs: ") && e.getMessage().contains("broken.json"),
                e.getMessage());
        Path empty = dir.resolve("empty.json");
        ResultsJson.write(empty, new RunResults(RunResults.SCHEMA_VERSION, "empty", EnvironmentProbe.capture(1,
                Path.of("").toAbsolutePath()), List.of(), List.of(), List.of(), List.of(), List.of()));
        e = assertThrows(IllegalArgumentException.class, () -> ShardCosts.measuredBy(empty));
        assertTrue(e.getMessage().contains("holds no training time"), e.getMessage());

        dev.jmlbench.suites.CliRun o = dev.jmlbench.suites.CliRun.of("run", "--preset", "full", "--shard", "1/4",
                "--shard-costs", earlierRun(dir, 2400).toString(), "--plan");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("cost: training seconds measured by"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.contains("1 task: mnist-random-forest")), o.out());
        dev.jmlbench.suites.CliRun bad = dev.jmlbench.suites.CliRun.of("run", "--preset", "full", "--shard", "1/4",
                "--shard-costs", broken.toString(), "--plan");
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("broken.json"), bad.err());
    }
}
