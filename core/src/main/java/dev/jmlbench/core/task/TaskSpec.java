package dev.jmlbench.core.task;

/**
 * A benchmark task, written once as data and translated by every engine adapter.
 *
 * @param id          stable identifier, e.g. {@code iris-logreg}
 * @param description one line for people
 * @param family      task family
 * @param dataset     data and split
 * @param model       architecture
 * @param training    training recipe
 * @param target      quality target on the test split
 */
public record TaskSpec(String id, String description, TaskFamily family, DatasetRef dataset, ModelSpec model,
                       TrainingRecipe training, QualityTarget target) {
    public TaskSpec {
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("task id must be lower-case letters, digits and '-', got " + id);
        }
        if (family == null || dataset == null || model == null || training == null || target == null) {
            throw new IllegalArgumentException("task " + id + " is incomplete: family, dataset, model, training"
                    + " and target are all required");
        }
    }
}
