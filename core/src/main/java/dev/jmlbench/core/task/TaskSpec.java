package dev.jmlbench.core.task;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A benchmark task, written once as data and translated by every engine adapter.
 *
 * @param id          stable identifier, e.g. {@code iris-logreg}
 * @param description one line for people
 * @param family      task family
 * @param dataset     data and split
 * @param model       network architecture; null when the task names a classic {@code algorithm}
 * @param training    training recipe of the network; null when the task names a classic {@code algorithm}
 * @param target      quality target on the test split
 * @param algorithm   the classic (non-network) algorithm and its hyper-parameters; null for network tasks
 */
public record TaskSpec(String id, String description, TaskFamily family, DatasetRef dataset, ModelSpec model,
                       TrainingRecipe training, QualityTarget target, ClassicAlgorithm algorithm) {

    /** A network task. */
    public TaskSpec(String id, String description, TaskFamily family, DatasetRef dataset, ModelSpec model,
                    TrainingRecipe training, QualityTarget target) {
        this(id, description, family, dataset, model, training, target, null);
    }

    /** A classic-algorithm task. */
    public TaskSpec(String id, String description, TaskFamily family, DatasetRef dataset, QualityTarget target,
                    ClassicAlgorithm algorithm) {
        this(id, description, family, dataset, null, null, target, algorithm);
    }

    public TaskSpec {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("task id must be lower-case letters, digits and '-', got " + id);
        }
        if (family == null || dataset == null || target == null) {
            throw new IllegalArgumentException("task " + id + " is incomplete: family, dataset and target are all"
                    + " required");
        }
        if (algorithm == null && (model == null || training == null)) {
            throw new IllegalArgumentException("task " + id + " needs either a network (model and training) or a"
                    + " classic algorithm");
        }
        if (algorithm != null && (model != null || training != null)) {
            throw new IllegalArgumentException("task " + id + " names both a network and the classic algorithm "
                    + algorithm.displayName() + "; give one of them");
        }
        if (algorithm != null && target.metric().isRegression()) {
            throw new IllegalArgumentException("task " + id + ": classic algorithms here are classifiers, but the"
                    + " target is " + target.metric());
        }
        if (model != null && training.loss() == Loss.MEAN_SQUARED_ERROR && !target.metric().isRegression()) {
            throw new IllegalArgumentException("task " + id + " trains with mean squared error (regression) but its"
                    + " target is " + target.metric() + "; use RMSE or R2");
        }
        if (model != null && training.loss() != Loss.MEAN_SQUARED_ERROR && target.metric().isRegression()) {
            throw new IllegalArgumentException("task " + id + " has the regression target " + target.metric()
                    + " but trains with " + training.loss());
        }
    }

    /** Whether the task trains a network ({@link #model()} and {@link #training()} are present). */
    @JsonIgnore
    public boolean isNetwork() {
        return algorithm == null;
    }

    /** Whether the task is a regression (real-valued targets, mean squared error): a network with one output. */
    @JsonIgnore
    public boolean isRegression() {
        return target.metric().isRegression();
    }

    /** Short description of the learner for people: the algorithm's name, or "network". */
    @JsonIgnore
    public String learnerName() {
        return algorithm != null ? algorithm.displayName() : "network";
    }
}
