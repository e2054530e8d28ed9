/**
 * The conformance kit: the checks every engine adapter passes, run as JUnit tests by extending
 * {@link dev.jmlbench.conformance.EngineConformanceKit}. The reference engine is the oracle for forward and
 * training parity; tolerances are stated in {@link dev.jmlbench.conformance.Tolerances}.
 */
package dev.jmlbench.conformance;
