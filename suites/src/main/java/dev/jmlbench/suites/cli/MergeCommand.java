package dev.jmlbench.suites.cli;

import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.reports.ReportGenerator;
import dev.jmlbench.suites.harness.ModelStore;
import dev.jmlbench.suites.harness.RunSettings;
import dev.jmlbench.suites.harness.ShardMerge;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code jmlbench merge PART... --out DIR}: joins the results of the shards of one run ({@link ShardMerge}) into
 * {@code DIR/results.json}, writes the report beside it and gathers the parts' trained models in {@code DIR/models}
 * (those beside each part's results.json), so that the merged folder is like one run's. Exit 0 when every shard was merged; 1 when the parts
 * were refused (nothing written), or a part could not be read or a shard is missing (the others are merged and
 * written, and what is missing is named: the part with its file and field).
 */
@Command(name = "merge", description = "Joins the results.json of the shards of one run (run --shard K/N) into one"
        + " results.json and report.")
public final class MergeCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "PART", description = "a shard's results.json, or the --out folder"
            + " holding it")
    List<Path> parts;

    @Option(names = "--out", required = true, description = "folder of the merged results.json and report/")
    Path out;

    @Option(names = "--allow-mixed-machines", description = "merge parts measured on different machine classes"
            + " (CPU model, cores) with a warning instead of refusing")
    boolean allowMixedMachines;

    @Option(names = "--margin", description = "practical margin of the engine comparisons (default:"
            + " ${DEFAULT-VALUE})", defaultValue = "${sys:jmlbench.margin:-0.05}")
    double margin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        if (!(margin >= 0 && margin < 10)) {
            throw new IllegalArgumentException("--margin must be a fraction between 0 and 10, got " + margin);
        }
        ShardMerge.Outcome o;
        try {
            o = ShardMerge.merge(parts, allowMixedMachines, margin);
        } catch (ShardMerge.Refused e) {
            err.println("jmlbench: merge refused, nothing written: " + e.getMessage());
            return Main.FAILED;
        }
        Path results = out.resolve("results.json");
        java.nio.file.Files.createDirectories(out);
        ResultsJson.write(results, o.merged());
        Path index = ReportGenerator.write(o.merged(), results, out.resolve("report"));
        ModelStore models = new ModelStore(RunSettings.modelDirOf(out));
        for (ShardMerge.Part p : o.parts()) {
            // the trained models beside each part, so that compare's confirmation can re-measure them
            new ModelStore(RunSettings.modelDirOf(p.file().toAbsolutePath().getParent())).copyInto(models);
        }
        for (ShardMerge.Part p : o.parts()) {
            err.println("[merge] shard " + p.shard() + ": " + p.file() + " (" + p.results().measurements().size()
                    + " figures, " + p.results().cells().size() + " cells)");
        }
        o.warnings().forEach(w -> err.println("[merge] warning: " + w));
        o.leftOut().forEach(w -> err.println("jmlbench: merge left out a part: " + w));
        if (!o.missing().isEmpty()) {
            err.println("jmlbench: merge is incomplete: no part of shard(s) " + o.missing() + " of "
                    + o.parts().get(0).shard().count() + "; their tasks are not in the merge. Merge again with"
                    + " every shard's results.json once they are there");
        }
        err.println("[merge] wrote " + results + " and " + index);
        return o.complete() ? 0 : Main.FAILED;
    }
}
