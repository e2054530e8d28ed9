package dev.jmlbench.suites.harness;

import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.DatasetCatalogue;
import dev.jmlbench.datasets.DatasetException;
import dev.jmlbench.datasets.ManifestEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One part of a run split over N machines or jobs ({@code --shard K/N}): shard K of N runs the tasks the deterministic
 * partition gives it, every engine and every stage of each. The unit is the task, so that everything measured of one
 * task (its trained models, which the JMH forks time; its parity and divergence, which need every engine in one
 * JVM; and above all the speed comparison of its engines) comes from one machine. Tasks are spread by an estimate of
 * their cost, largest first onto the least loaded shard, so that shards finish together; the estimate and the task
 * list, not the order of anything at run time, decide, so that N independent processes agree on the partition.
 * Figures of the machine itself (the calibration) are measured by every shard, each for its own machine.
 *
 * <p>The costs are the recipes' estimates, or the training times an earlier run measured ({@link ShardCosts}); the
 * N processes of one run must be given the same costs, or their partitions differ.
 *
 * @param index K, from 1
 * @param count N
 * @param costs what the partition balances by
 */
public record Shard(int index, int count, ShardCosts costs) {
    /** The whole run: one shard of one. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("a shard is K/N with 1 <= K <= N, got " + index + "/" + count);
        }
        java.util.Objects.requireNonNull(costs, "costs");
    }

    /** Shard K of N, balanced by the recipes' estimated costs. */
    public Shard(int index, int count) {
        this(index, count, ShardCosts.ESTIMATED);
    }

    /** This shard, balanced by {@code other} costs. */
    public Shard withCosts(ShardCosts other) {
        return new Shard(index, count, other);
    }

    /**
     * Parses {@code K/N}.
     *
     * @throws IllegalArgumentException naming the expected form
     */
    public static Shard parse(String text) {
        String[] parts = text.strip().split("/", -1);
        try {
            if (parts.length == 2) {
                return new Shard(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--shard must be K/N (shard K of N, 1 <= K <= N), e.g. 2/3; got '" + text
                + "'");
    }

    /** Whether this is the whole run. */
    public boolean whole() {
        return count == 1;
    }

    /**
     * The ids of {@code tasks} this shard runs. Every shard of the same N given the same tasks (in any order) gets a
     * disjoint part, and the parts cover the tasks.
     */
    public List<String> tasksOf(List<TaskSpec> tasks, Preset preset) {
        Map<String, Integer> shardOf = assign(tasks, count, preset, costs);
        return tasks.stream().map(TaskSpec::id).filter(id -> shardOf.get(id) == index).toList();
    }

    /**
     * The fingerprint of the partition of {@code tasks} over the N shards: the first 12 hex digits of the SHA-256 of
     * every task id with its shard, sorted by id. Every shard of one run stamps it on its figures, so that the merge
     * can tell parts that split the tasks differently (given different costs, or different task lists), where a task
     * may be in no part or in two.
     */
    public String planOf(List<TaskSpec> tasks, Preset preset) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(assign(tasks, count, preset, costs))
                .forEach((id, k) -> text.append(id).append('=').append(k).append('\n'));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Which shard (1..N) runs each task: tasks by estimated cost, largest first (ties by id), each onto the shard
     * with the least estimated load so far (ties to the lowest index).
     */
    public static Map<String, Integer> assign(List<TaskSpec> tasks, int count, Preset preset) {
        return assign(tasks, count, preset, ShardCosts.ESTIMATED);
    }

    /** {@link #assign(List, int, Preset)} by {@code costs}. */
    public static Map<String, Integer> assign(List<TaskSpec> tasks, int count, Preset preset, ShardCosts costs) {
        List<TaskSpec> order = new ArrayList<>(tasks.stream()
                .collect(java.util.stream.Collectors.toMap(TaskSpec::id, t -> t, (a, b) -> a)).values());
        Comparator<TaskSpec> byCost = Comparator.comparingDouble(t -> costs.of(t, preset));
        order.sort(byCost.reversed().thenComparing(TaskSpec::id));
        double[] load = new double[count];
        Map<String, Integer> out = new LinkedHashMap<>();
        for (TaskSpec t : order) {
            int best = 0;
            for (int k = 1; k < count; k++) {
                if (load[k] < load[best]) {
                    best = k;
                }
            }
            load[best] += costs.of(t, preset);
            out.put(t.id(), best + 1);
        }
        return out;
    }

    /**
     * A task's relative cost under {@code preset}, for balancing, not a prediction of time: its JMH runs (fixed
     * durations: forks x iterations x scenarios, plus a second per fork to start it and two per cold start) plus its
     * training, once per seed: the FLOPs of the recipe for a network (3x the forward FLOPs per example, times
     * training examples, one per stride positions of a windowed text or series, and epochs) and 1,000 x examples x
     * features for a classic learner, at a nominal 4 GFLOP/s (the engines here train at about 1 to 8). The task
     * being the unit, the dearest task bounds how short the longest shard can be.
     */
    public static double estimatedCost(TaskSpec task, Preset preset) {
        double examples = 1000;
        double features = 10;
        try {
            ManifestEntry e = DatasetCatalogue.active().entry(task.dataset().id());
            if (e.samples() != null) {
                // a text or series cut into windows: one example every stride positions
                int stride = task.dataset().stride() == null ? 1 : Math.max(1, task.dataset().stride());
                examples = (double) e.samples() / stride * (1 - task.dataset().testFraction());
            }
            if (e.features() != null) {
                features = e.features();
            }
        } catch (DatasetException unknownDataset) {
            // a dataset the catalogue cannot name costs the default; the run itself will say what is wrong
        }
        double flops = task.isNetwork()
                ? Flops.TRAINING_FACTOR * Flops.forwardPerExample(task.model()) * examples * task.training().epochs()
                : 1000 * examples * features;
        return jmhSeconds(preset) + preset.seeds() * flops / 4e9;
    }

    /**
     * The JMH stage's fixed durations for one (task, engine) under {@code preset}: forks x iterations x scenarios,
     * plus a second per fork to start it and two per cold start.
     */
    static double jmhSeconds(Preset preset) {
        int scenarios = preset.batchSizes().size() + 2; // batch throughputs, single-example latency, training
        return preset.forks() * scenarios * (1 + (preset.warmupIterations() * preset.warmupMillis()
                + preset.measureIterations() * preset.measureMillis()) / 1000.0) + 2.0 * preset.coldStartForks();
    }

    /**
     * The partition of {@code tasks} over {@code count} shards for people ({@code jmlbench run --plan}): one line per
     * shard with its estimated cost and tasks, dearest first, marking {@code mine} when it is one of them.
     */
    public static List<String> describePlan(List<TaskSpec> tasks, int count, Preset preset, Shard mine) {
        ShardCosts costs = mine.costs();
        Map<String, Integer> shardOf = assign(tasks, count, preset, costs);
        List<String> lines = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            int shard = k;
            List<TaskSpec> own = tasks.stream().filter(t -> shardOf.get(t.id()) == shard)
                    .sorted(Comparator.comparingDouble((TaskSpec t) -> costs.of(t, preset)).reversed()
                            .thenComparing(TaskSpec::id))
                    .toList();
            double cost = own.stream().mapToDouble(t -> costs.of(t, preset)).sum();
            lines.add(String.format(java.util.Locale.ROOT, "shard %d/%d%s  cost %,.0f  %d task%s: %s", k, count,
                    count > 1 && k == mine.index() && mine.count() == count ? " (this one)" : "", cost, own.size(),
                    own.size() == 1 ? "" : "s", String.join(", ", own.stream().map(TaskSpec::id).toList())));
        }
        return lines;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
