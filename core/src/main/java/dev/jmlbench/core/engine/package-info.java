/**
 * The engine SPI. An adapter registers an {@link dev.jmlbench.core.engine.EngineProvider} in
 * {@code META-INF/services}; the harness finds it with {@link java.util.ServiceLoader} (see
 * {@link dev.jmlbench.core.engine.Engines}) and never names a framework.
 *
 * <p>Lifecycle: provider (cheap, loads nothing native) -&gt; {@link dev.jmlbench.core.engine.Engine} (native
 * libraries loaded, thread budget applied) -&gt; {@link dev.jmlbench.core.engine.Model} per task (parameters
 * imported, trained, asked to predict) -&gt; closed.
 */
package dev.jmlbench.core.engine;
