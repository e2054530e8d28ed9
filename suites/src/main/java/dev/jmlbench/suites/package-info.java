/**
 * The product users run: the quality runs ({@link dev.jmlbench.suites.harness}), the JMH benchmarks
 * ({@link dev.jmlbench.suites.jmh}) and the command line ({@link dev.jmlbench.suites.cli}). Engines are found
 * through the engine SPI; nothing here names a framework.
 */
package dev.jmlbench.suites;
