package dev.jmlbench.suites.export;

import dev.jmlbench.suites.cli.EngineOptions;
import dev.jmlbench.suites.cli.FileOptions;

import dev.jmlbench.core.engine.EngineUnavailableException;
import dev.jmlbench.datasets.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code jmlbench export}: see {@link ModelExport}. An unknown task or engine, a classic task, or a task the engine
 * does not support is a usage error (exit 2, through the command line's handler of {@link IllegalArgumentException});
 * missing data or an engine that cannot open is a failure (exit 1).
 */
@Command(name = "export", description = "Exports a task's initial and trained parameters, a probe batch with its"
        + " labels and the engine's per-layer and final outputs as safetensors (documented in docs/EXPORT.md).")
public final class ExportCommand implements Callable<Integer> {
    @Option(names = "--task", required = true, description = "task id (a network task of the catalogue)")
    String task;

    @Option(names = "--engine", required = true, description = "engine id")
    String engine;

    @Option(names = "--steps", description = "train only this many optimiser steps (one epoch over the first"
            + " steps * batch-size training examples) instead of the task's full recipe")
    Integer steps;

    @Option(names = "--examples", description = "probe examples: the first N test examples (default: ${DEFAULT-VALUE})",
            defaultValue = "32")
    int examples;

    @Option(names = "--file", description = "output file (default: <out>/export/<task>-<engine>.safetensors)")
    Path file;

    @CommandLine.Mixin
    FileOptions.Out outOption;

    @CommandLine.Mixin
    EngineOptions engineOptions;


    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path target = file != null ? file : outOption.out.resolve("export").resolve(task + "-" + engine + ".safetensors");
        try {
            ModelExport.Written w = ModelExport.export(
                    new ModelExport.Request(task, engine, steps, examples, engineOptions.threads,
                            engineOptions.cacheDir), target);
            System.err.println("[export] wrote " + w.file() + ": " + w.tensors() + " tensors, trained on "
                    + w.trainExamples() + " examples" + (w.layerOutputs() ? ", with every layer's output"
                    : ", final outputs only (the engine does not expose its layers)"));
            return 0;
        } catch (DatasetException | EngineUnavailableException e) {
            spec.commandLine().getErr().println("jmlbench: export failed: " + e.getMessage());
            return 1;
        }
    }
}
