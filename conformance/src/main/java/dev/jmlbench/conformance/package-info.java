/**
 * The conformance kit: the checks every engine adapter passes, run as JUnit tests by extending
 * {@link dev.jmlbench.conformance.EngineConformanceKit}, over the architectures of
 * {@link dev.jmlbench.conformance.KitArchitecture}. The reference engine is the oracle for forward and training
 * parity; {@link dev.jmlbench.conformance.ParityCheck} compares two models layer by layer against the per-layer-type
 * float32 tiers of {@link dev.jmlbench.conformance.Tolerances}. {@code ParityCheck} and {@code Tolerances} do not
 * need JUnit: the harness's parity stage uses them too.
 */
package dev.jmlbench.conformance;
