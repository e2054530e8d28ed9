/** Proof by injection for the regression gate, on real measurements of the reference engine. */
package dev.jmlbench.suites.regression;
