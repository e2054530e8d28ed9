package dev.jmlbench.suites.harness;

import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import org.junit.jupiter.api.Test;

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
}
