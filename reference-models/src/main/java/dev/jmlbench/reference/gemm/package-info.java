/**
 * Single-precision matrix multiply for the reference engine: the one kernel that dense layers, convolution
 * (via im2col) and recurrent cells are built on. {@link dev.jmlbench.reference.gemm.Gemm} is the only entry
 * point; how it computes (scalar or Vector API, blocking, threads) is its own business and is recorded by
 * {@link dev.jmlbench.reference.gemm.Gemm#description()}.
 */
package dev.jmlbench.reference.gemm;
