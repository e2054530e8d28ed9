package dev.jmlbench.suites.harness;

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
 */
public record RunSettings(Path outDir, List<String> tasks, List<String> engines, int threads, Preset preset,
                          Path cacheDir, double margin) {
    /** Default practical margin of the engine comparisons (5%). */
    public static final double DEFAULT_MARGIN = 0.05;

    public RunSettings {
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

    /** Settings with the default margin. */
    public RunSettings(Path outDir, List<String> tasks, List<String> engines, int threads, Preset preset,
                       Path cacheDir) {
        this(outDir, tasks, engines, threads, preset, cacheDir, DEFAULT_MARGIN);
    }

    /** The tasks to run: those named, else the catalogue's tasks of the preset's tier. */
    public java.util.List<dev.jmlbench.core.task.TaskSpec> selectedTasks() {
        var catalogue = dev.jmlbench.core.task.TaskCatalogue.builtIn();
        return catalogue.select(tasks.isEmpty() ? catalogue.idsForTier(preset.tier()) : tasks);
    }

    /** The tasks JMH times: those named, else the preset's JMH tasks, else every selected task. */
    public java.util.List<dev.jmlbench.core.task.TaskSpec> jmhTasks() {
        if (!tasks.isEmpty() || preset.jmhTasks().isEmpty()) {
            return selectedTasks();
        }
        return dev.jmlbench.core.task.TaskCatalogue.builtIn().select(preset.jmhTasks());
    }

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

    /** Where each JMH fork records the accuracy of the model it timed (or why its setup failed). */
    public Path jmhCheckDir() {
        return outDir.resolve("jmh-checks");
    }

    /** Where the quality stage keeps each cell's trained parameters for the JMH forks to time. */
    public Path modelDir() {
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
