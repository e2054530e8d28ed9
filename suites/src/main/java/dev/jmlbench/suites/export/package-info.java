/**
 * {@code jmlbench export}: a task's parameters, a probe batch and an engine's outputs as a safetensors file that numpy
 * or PyTorch reads without this project's code ({@link dev.jmlbench.suites.export.ModelExport},
 * {@link dev.jmlbench.suites.export.SafetensorsWriter}); the format is documented in {@code docs/EXPORT.md}.
 */
package dev.jmlbench.suites.export;
