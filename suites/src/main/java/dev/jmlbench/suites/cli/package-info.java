/** The {@code jmlbench} command line: {@code list}, {@code run}, {@code report}, {@code gate}. */
package dev.jmlbench.suites.cli;
