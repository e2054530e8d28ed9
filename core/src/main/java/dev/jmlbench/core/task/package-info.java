/**
 * The portable task spec: a task is written once, as data, and every engine adapter translates it.
 * A {@link dev.jmlbench.core.task.TaskSpec} names the data and split, the model as a list of layers, the
 * training recipe (optimiser, loss, batch size, epochs, initialiser, seed) and the quality target.
 */
package dev.jmlbench.core.task;
