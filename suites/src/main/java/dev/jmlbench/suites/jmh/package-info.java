/**
 * The JMH benchmarks. The engine and the task are {@code @Param}s; setup (engine load, data, training) is
 * outside the timed region, and every fork records the accuracy of the very model it timed.
 */
package dev.jmlbench.suites.jmh;
