package dev.jmlbench.suites.harness;

import dev.jmlbench.core.task.ClassicAlgorithm;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.core.task.TrainingRecipe;

/**
 * Repeats of a task with other seeds (the full preset trains every task with several, to show the spread that
 * comes from the seed alone). Seed k of a network changes the seed of its initial weights; seed k of a random
 * forest or XGBoost changes the algorithm's seed. CART and LIBLINEAR have no seed: they run once.
 */
final class Seeds {
    private Seeds() {
    }

    /** How many seeds {@code task} runs with under {@code preset}. */
    static int count(TaskSpec task, Preset preset) {
        return of(task) == null ? 1 : preset.seeds();
    }

    /** The task with seed number {@code index} (0 = the catalogue's own seed). */
    static TaskSpec variant(TaskSpec task, int index) {
        if (index == 0) {
            return task;
        }
        if (task.isNetwork()) {
            TrainingRecipe r = task.training();
            return new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), task.model(),
                    new TrainingRecipe(r.optimizer(), r.loss(), r.batchSize(), r.epochs(), r.initializer(),
                            r.seed() + index), task.target());
        }
        ClassicAlgorithm a;
        if (task.algorithm() instanceof ClassicAlgorithm.RandomForest f) {
            a = new ClassicAlgorithm.RandomForest(f.trees(), f.maxDepth(), f.minSamplesLeaf(), f.featureFraction(),
                    f.seed() + index);
        } else if (task.algorithm() instanceof ClassicAlgorithm.XGBoost x) {
            a = new ClassicAlgorithm.XGBoost(x.rounds(), x.maxDepth(), x.eta(), x.subsample(), x.lambda(),
                    x.seed() + index);
        } else {
            throw new IllegalArgumentException(task.algorithm().displayName() + " has no seed");
        }
        return new TaskSpec(task.id(), task.description(), task.family(), task.dataset(), task.target(), a);
    }

    /** The seed of {@code task}, or null when its learner has none. */
    static Long of(TaskSpec task) {
        if (task.isNetwork()) {
            return task.training().seed();
        }
        if (task.algorithm() instanceof ClassicAlgorithm.RandomForest f) {
            return f.seed();
        }
        if (task.algorithm() instanceof ClassicAlgorithm.XGBoost x) {
            return x.seed();
        }
        return null;
    }
}
