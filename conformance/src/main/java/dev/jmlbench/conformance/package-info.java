/**
 * The conformance kit: the checks every engine adapter passes, run as JUnit tests by extending
 * {@link dev.jmlbench.conformance.EngineConformanceKit}, over the architectures of
 * {@link dev.jmlbench.conformance.KitArchitecture}. The reference engine is the oracle for forward and training
 * parity; {@link dev.jmlbench.conformance.ParityCheck} compares two models layer by layer against the per-layer-type
 * float32 tiers of {@link dev.jmlbench.conformance.Tolerances}. Every engine, the reference included, is also held
 * layer by layer to {@link dev.jmlbench.conformance.Float64Oracle}: the spec's formulas for every layer kind in plain
 * float64 loops, sharing no code with any engine.
 *
 * <p>Further checks that network engines share, each a JUnit base class named by the engine id (see
 * {@link dev.jmlbench.conformance.EngineTestBase}) with a hook for what only the engine can say:
 * {@link dev.jmlbench.conformance.RegressionChecks}, {@link dev.jmlbench.conformance.Conv1dChecks} (against the
 * float64 formulas of {@link dev.jmlbench.conformance.Conv1dOracle}) and
 * {@link dev.jmlbench.conformance.CatalogueTaskChecks}, and {@link dev.jmlbench.conformance.InputGradientChecks} for
 * the optional input-gradient capability (against central finite differences and the reference engine).
 *
 * <p>{@code ParityCheck}, {@code Tolerances}, {@link dev.jmlbench.conformance.Metrics}, {@code Float64Oracle} and
 * {@code Conv1dOracle} do
 * not need JUnit: the harness can use them (its parity stage uses {@code ParityCheck}).
 */
package dev.jmlbench.conformance;
