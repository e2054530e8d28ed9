/**
 * Single-precision matrix multiply for the reference engine: the one kernel that dense layers, convolution
 * (via im2col) and recurrent cells are built on. {@link dev.jmlbench.reference.gemm.Gemm} is the entry point;
 * how it computes is chosen at start-up and recorded by {@link dev.jmlbench.reference.gemm.Gemm#description()}:
 * a packed, cache-blocked GotoBLAS-style multiply with a Vector API register micro-kernel where the JVM has the
 * {@code jdk.incubator.vector} module, a cache-blocked loop that HotSpot auto-vectorises where not, spread over
 * the engine's thread budget. {@link dev.jmlbench.reference.gemm.GemmMatmulKernel} offers it to the harness as
 * the engine's matrix-multiply capability, and {@link dev.jmlbench.reference.gemm.FmaPeak} measures the FMA limit
 * of the cores it runs against.
 */
package dev.jmlbench.reference.gemm;
