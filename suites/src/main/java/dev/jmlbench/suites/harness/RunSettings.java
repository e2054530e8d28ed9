package dev.jmlbench.suites.harness;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * What a run is asked to do, shared by every stage.
 *
 * @param outDir   where results land ({@code target/jmlbench} by default)
 * @param tasks    task ids to run; empty for all
 * @param engines  engine ids to run; empty for all on the class path
 * @param threads  compute-thread budget given to every engine alike
 * @param preset   size tier
 * @param cacheDir folder for unpacked native libraries
 * @param margin   practical margin of the engine comparisons: speed ratios within {@code 1 +- margin} are
 *                 equivalent, and faster or slower is claimed only when the whole interval lies beyond it
 * @param shard    the part of the run's tasks this process runs ({@link Shard#ALL} for all of them)
 * @param devices  the devices each engine is asked to train and evaluate on ({@code cpu}, {@code gpu}, ...); an
 *                 engine that cannot use one here gets a skipped cell with its reason
 */
public record RunSettings(Path outDir, List<String> tasks, List<String> engines, int threads, Preset preset,
                          Path cacheDir, double margin, Shard shard, List<String> devices) {
    /** Default practical margin of the engine comparisons (5%). */
    public static final double DEFAULT_MARGIN = 0.05;

    public RunSettings {
        java.util.Objects.requireNonNull(shard, "shard");
        devices = List.copyOf(new java.util.LinkedHashSet<>(devices));
        if (devices.isEmpty() || devices.stream().anyMatch(d -> !d.matches("[a-z][a-z0-9-]*"))) {
            throw new IllegalArgumentException("--devices must name one or more devices such as cpu,gpu; got "
                    + devices);
        }
        tasks = List.copyOf(tasks);
        engines = List.copyOf(engines);
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (!(margin >= 0 && margin < 10)) {
            throw new IllegalArgumentException("--margin must be a fraction between 0 and 10 (0.05 = 5%), got "
                    + margin);
        }
    }

    /** Settings of a whole (unsharded) run on the CPU. */
    public RunSettings(Path outDir, List<String> tasks, List<String> engines, int threads, Preset preset,
                       Path cacheDir, double margin) {
        this(outDir, tasks, engines, threads, preset, cacheDir, margin, Shard.ALL, List.of(Names.DEVICE_CPU));
    }

    /** Settings with the default margin. */
    public RunSettings(Path outDir, List<String> tasks, List<String> engines, int threads, Preset preset,
                       Path cacheDir) {
        this(outDir, tasks, engines, threads, preset, cacheDir, DEFAULT_MARGIN);
    }

    /**
     * The tasks to run: those named, else the tasks of the preset's tier in the run's catalogue (the user's folders
     * when {@code --catalogue} names any, else the built-in one).
     */
    public List<TaskSpec> selectedTasks() {
        TaskCatalogue catalogue = TaskCatalogue.active();
        return inShard(catalogue.select(tasks.isEmpty() ? catalogue.idsForTier(preset.tier()) : tasks));
    }

    /** Whether this process runs task {@code id}: always in a whole run, else when the shard's partition says so. */
    public boolean inShard(String id) {
        return shard.whole() || shardTaskIds().contains(id);
    }

    private List<TaskSpec> inShard(List<TaskSpec> specs) {
        if (shard.whole()) {
            return specs;
        }
        java.util.Set<String> mine = shardTaskIds();
        return specs.stream().filter(t -> mine.contains(t.id())).toList();
    }

    /** The ids of the tasks the shard's partition gives this process. */
    private java.util.Set<String> shardTaskIds() {
        return java.util.Set.copyOf(shard.tasksOf(shardedTasks(), preset));
    }

    /** The fingerprint of this run's partition of {@link #shardedTasks()} ({@link Shard#planOf}). */
    public String shardPlan() {
        return shard.planOf(shardedTasks(), preset);
    }

    /**
     * Every task the whole run would touch, the same in every shard: those named, else the preset's tier and the
     * catalogue's groups of the preset (JMH, studies, divergence, leak check).
     */
    public List<TaskSpec> shardedTasks() {
        TaskCatalogue catalogue = TaskCatalogue.active();
        if (!tasks.isEmpty()) {
            return catalogue.select(tasks);
        }
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(catalogue.idsForTier(preset.tier()));
        for (String group : List.of("jmh", JMH_TRAINING_GROUP, "scaling", "divergence", "leak-check")) {
            ids.addAll(catalogue.group(group, preset.name()));
        }
        return ids.stream().map(catalogue::get).toList();
    }

    /**
     * The tasks JMH times: those named, else the catalogue's group {@code jmh} of the preset, else every selected
     * task.
     */
    public List<TaskSpec> jmhTasks() {
        List<String> group = TaskCatalogue.active().group("jmh", preset.name());
        if (!tasks.isEmpty() || group.isEmpty()) {
            return selectedTasks();
        }
        return inShard(TaskCatalogue.active().select(group));
    }

    /**
     * The tasks whose training throughput alone JMH times, without a quality run before (real-size networks whose
     * training to the target does not fit the preset): the catalogue's group {@value #JMH_TRAINING_GROUP} of the
     * preset, less the tasks JMH times whole; none when tasks are named (a named task runs every stage).
     */
    public List<TaskSpec> jmhTrainingOnlyTasks() {
        if (!tasks.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> whole = jmhTasks().stream().map(TaskSpec::id).collect(java.util.stream.Collectors.toSet());
        TaskCatalogue catalogue = TaskCatalogue.active();
        List<String> ids = catalogue.group(JMH_TRAINING_GROUP, preset.name()).stream()
                .filter(id -> !whole.contains(id)).toList();
        return ids.isEmpty() ? List.of() : inShard(catalogue.select(ids)); // select(none) would mean every task
    }

    /** The catalogue group of tasks JMH times for training throughput only ({@link #jmhTrainingOnlyTasks()}). */
    public static final String JMH_TRAINING_GROUP = "jmh-training";

    /** The quality stage's results file. */
    public Path qualityFile() {
        return outDir.resolve("quality.json");
    }

    /** The parity stage's results file (forward parity on identical probe weights). */
    public Path parityFile() {
        return outDir.resolve("parity.json");
    }

    /** JMH's raw JSON output, kept untouched. */
    public Path jmhFile() {
        return outDir.resolve("jmh.json");
    }

    /** Where the JMH stage keeps each JMH run's records and the markers of the tasks it finished ({@code JmhParts}). */
    public Path jmhPartDir() {
        return outDir.resolve("jmh-parts");
    }

    /** Where each JMH fork records the accuracy of the model it timed (or why its setup failed). */
    public Path jmhCheckDir() {
        return outDir.resolve("jmh-checks");
    }

    /** Where the quality stage keeps each cell's trained parameters for the JMH forks to time. */
    public Path modelDir() {
        return modelDirOf(outDir);
    }

    /** Where a run with {@code --out outDir} keeps its trained models. */
    public static Path modelDirOf(Path outDir) {
        return outDir.resolve("models");
    }

    /** The merged results: our schema, accuracy and JMH figures together. */
    public Path resultsFile() {
        return outDir.resolve("results.json");
    }

    /** The HTML report's folder. */
    public Path reportDir() {
        return outDir.resolve("report");
    }
}
