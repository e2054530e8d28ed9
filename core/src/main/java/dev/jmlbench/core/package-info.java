/**
 * The shared vocabulary of jmlbench: the portable task spec ({@link dev.jmlbench.core.task}), the engine SPI
 * ({@link dev.jmlbench.core.engine}), canonical model parameters ({@link dev.jmlbench.core.params}), the
 * dataset API ({@link dev.jmlbench.core.data}), the versioned result schema ({@link dev.jmlbench.core.results})
 * and the environment block ({@link dev.jmlbench.core.env}).
 *
 * <p>Every other module depends on this one and on nothing of each other's, except the harness, which finds
 * engines through {@link java.util.ServiceLoader}. This module depends on nothing but Jackson.
 */
package dev.jmlbench.core;
