/**
 * Training and evaluating (task, engine) cells outside JMH, merging JMH's raw output into the result schema,
 * and the run settings shared by every stage.
 */
package dev.jmlbench.suites.harness;
