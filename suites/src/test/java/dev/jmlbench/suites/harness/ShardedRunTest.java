package dev.jmlbench.suites.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import dev.jmlbench.reports.stats.FigureKey;
import dev.jmlbench.suites.CliRun;
import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run split in three shards, each a process of its own as a scheduler would start them, and merged: the merge
 * holds the unsharded run's cells and quality figures exactly, and {@code jmlbench merge} refuses what cannot be
 * one run and keeps the valid parts when one cannot be read.
 */
class ShardedRunTest {
    private static final String TASKS = "iris-logreg,wine-logreg,breast-cancer-logreg,diabetes-linreg,digits-cart";

    @TempDir
    static Path dir;

    private static RunResults whole;

    @BeforeAll
    static void runWholeAndShards() throws Exception {
        CliRun w = CliRun.of("run", "--stage", "quality", "--no-parity", "--report", "--isolation", "none", "--preset",
                "smoke", "--engines", "reference", "--tasks", TASKS, "--out", dir.resolve("whole").toString());
        assertEquals(0, w.code(), w.err());
        whole = ResultsJson.read(dir.resolve("whole").resolve("results.json"));

        List<Process> shards = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Path out = dir.resolve("shard-" + k);
            shards.add(new ProcessBuilder(ChildJvm.command(List.of("run", "--stage", "quality", "--no-parity",
                    "--report", "--isolation", "none", "--preset", "smoke", "--engines", "reference", "--tasks",
                    TASKS, "--shard", k + "/3", "--out", out.toString())))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("shard-" + k + ".log").toFile()).start());
        }
        for (int k = 1; k <= 3; k++) {
            Process p = shards.get(k - 1);
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "shard " + k + " finished");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("shard-" + k + ".log")));
        }
    }

    @Test
    void threeShardsMergedHoldTheWholeRunsCellsAndQualityFigures() throws IOException {
        CliRun m = CliRun.of("merge", dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString(),
                dir.resolve("shard-3").resolve("results.json").toString(), "--out", dir.resolve("merged").toString());
        assertEquals(0, m.code(), m.err());
        RunResults merged = ResultsJson.read(dir.resolve("merged").resolve("results.json"));
        assertTrue(Files.isRegularFile(dir.resolve("merged").resolve("report").resolve("index.html")));

        assertEquals(5, whole.tasks().size());
        assertTrue(quality(whole).size() >= 5 && cells(whole).size() >= 5, "the whole run measured: " + quality(whole));
        assertEquals(cells(whole), cells(merged), "the same cells with the same outcomes");
        assertEquals(quality(whole), quality(merged), "the same quality figures (deterministic training)");
        Set<String> shardsSeen = new TreeSet<>();
        for (int k = 1; k <= 3; k++) {
            RunResults part = ResultsJson.read(dir.resolve("shard-" + k).resolve("results.json"));
            assertFalse(part.tasks().isEmpty(), "shard " + k + " of 3 got tasks");
            part.measurements().forEach(x -> shardsSeen.add(x.params().get(Names.PARAM_SHARD)));
        }
        assertEquals(Set.of("1/3", "2/3", "3/3"), shardsSeen, "every figure says which shard measured it");
        Set<String> plans = new TreeSet<>();
        for (int k = 1; k <= 3; k++) {
            ResultsJson.read(dir.resolve("shard-" + k).resolve("results.json")).measurements()
                    .forEach(x -> plans.add(x.params().get(Names.PARAM_SHARD_PLAN)));
        }
        assertEquals(1, plans.size(), "the three processes split the tasks by one plan: " + plans);
        assertTrue(plans.iterator().next().matches("[0-9a-f]{12}"), plans.toString());
        assertEquals(whole.tasks().stream().map(t -> t.id()).collect(Collectors.toSet()),
                merged.tasks().stream().map(t -> t.id()).collect(Collectors.toSet()));
        Set<String> models = files(dir.resolve("whole").resolve("models"));
        assertFalse(models.isEmpty(), "the quality stage kept its models");
        assertEquals(models, files(dir.resolve("merged").resolve("models")), "every shard's models, gathered");
    }

    private static Set<String> files(Path folder) throws IOException {
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(p -> folder.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    @Test
    void partsThatCannotBeOneRunAreRefusedAndNothingIsWritten() throws IOException {
        Path one = dir.resolve("shard-1").resolve("results.json");
        CliRun twice = CliRun.of("merge", one.toString(), one.toString(), "--out", dir.resolve("twice").toString());
        assertEquals(Main.FAILED, twice.code(), twice.err());
        assertTrue(twice.err().contains("are both shard 1/3"), twice.err());
        assertFalse(Files.exists(dir.resolve("twice").resolve("results.json")));

        Path otherCommit = edited("other-commit", 2, root -> environment(root).put("gitCommit", "0123abc"));
        CliRun commits = CliRun.of("merge", one.toString(), otherCommit.toString(), "--out",
                dir.resolve("commits").toString());
        assertEquals(Main.FAILED, commits.code(), commits.err());
        assertTrue(commits.err().contains("was measured at commit 0123abc"), commits.err());

        Path otherPlan = edited("other-plan", 2, root -> root.get("measurements")
                .forEach(m -> ((ObjectNode) m.get("params")).put(Names.PARAM_SHARD_PLAN, "0badc0ffee00")));
        CliRun plans = CliRun.of("merge", one.toString(), otherPlan.toString(), "--out",
                dir.resolve("plans").toString());
        assertEquals(Main.FAILED, plans.code(), plans.err());
        assertTrue(plans.err().contains("split the run's tasks over the shards by plan 0badc0ffee00")
                && plans.err().contains("--shard-costs"), plans.err());
        assertFalse(Files.exists(dir.resolve("plans").resolve("results.json")));

        Path otherMachine = edited("other-machine", 2, root -> environment(root).put("cpuModel", "Another CPU"));
        CliRun machines = CliRun.of("merge", one.toString(), otherMachine.toString(), "--out",
                dir.resolve("machines").toString());
        assertEquals(Main.FAILED, machines.code(), machines.err());
        assertTrue(machines.err().contains("--allow-mixed-machines"), machines.err());
        // the same model name on another processor (a virtual machine's "AMD EPYC" is several generations)
        Path otherProcessor = edited("other-processor", 2, root -> environment(root).put("cpuId",
                "AuthenticAMD family 1 model 2 stepping 3"));
        CliRun processors = CliRun.of("merge", one.toString(), otherProcessor.toString(), "--out",
                dir.resolve("processors").toString());
        assertEquals(Main.FAILED, processors.code(), processors.err());
        assertTrue(processors.err().contains("(AuthenticAMD family 1 model 2 stepping 3)")
                && processors.err().contains("--allow-mixed-machines"), processors.err());
        assertFalse(Files.exists(dir.resolve("processors").resolve("results.json")));
        CliRun allowed = CliRun.of("merge", one.toString(), otherMachine.toString(), "--allow-mixed-machines", "--out",
                dir.resolve("machines").toString());
        assertEquals(Main.FAILED, allowed.code(), "shard 3 is missing: " + allowed.err());
        assertTrue(allowed.err().contains("warning: shard 2/3 ran on Another CPU"), allowed.err());
        assertTrue(allowed.err().contains("no part of shard(s) [3] of 3"), allowed.err());
        assertTrue(Files.isRegularFile(dir.resolve("machines").resolve("results.json")), "what is there is merged");
    }

    @Test
    void aTruncatedPartIsNamedAndTheOthersAreMerged() throws IOException {
        Path cut = dir.resolve("cut.json");
        byte[] bytes = Files.readAllBytes(dir.resolve("shard-3").resolve("results.json"));
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun m = CliRun.of("merge", dir.resolve("shard-1").toString(), dir.resolve("shard-2").toString(),
                cut.toString(), "--out", dir.resolve("partial").toString());
        assertEquals(Main.FAILED, m.code(), m.err());
        assertTrue(m.err().contains("merge left out a part: ") && m.err().contains(cut.toString()), m.err());
        RunResults partial = ResultsJson.read(dir.resolve("partial").resolve("results.json"));
        Set<String> expected = new TreeSet<>();
        for (int k = 1; k <= 2; k++) {
            expected.addAll(cells(ResultsJson.read(dir.resolve("shard-" + k).resolve("results.json"))));
        }
        assertEquals(expected, cells(partial), "everything the readable parts measured");
    }

    /** A shard run stage by stage has no results.json yet: the merge says which command writes it. */
    @Test
    void aShardFolderWithoutResultsSaysHowToWriteThem() throws IOException {
        Path stagesOnly = dir.resolve("stages-only");
        Files.createDirectories(stagesOnly);
        Files.copy(dir.resolve("shard-3").resolve("quality.json"), stagesOnly.resolve("quality.json"));
        CliRun m = CliRun.of("merge", dir.resolve("shard-1").toString(), stagesOnly.toString(), "--out",
                dir.resolve("stages-only-merge").toString());
        assertEquals(Main.FAILED, m.code(), m.err());
        assertTrue(m.err().contains(stagesOnly + " has stage files but no results.json: run './jmlbench run --stage"
                + " merge --out " + stagesOnly), m.err());
    }

    /** A copy of shard k's results, edited. */
    private static Path edited(String name, int k, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        var mapper = ResultsJson.mapper();
        ObjectNode root = (ObjectNode) mapper.readTree(dir.resolve("shard-" + k).resolve("results.json").toFile());
        edit.accept(root);
        Path file = dir.resolve(name + ".json");
        mapper.writeValue(file.toFile(), root);
        return file;
    }

    private static ObjectNode environment(ObjectNode root) {
        return (ObjectNode) root.get("environment");
    }

    private static Set<String> cells(RunResults r) {
        return r.cells().stream().map(c -> c.task() + "/" + c.engine() + "/" + c.device() + "/" + c.stage() + "/"
                + c.status()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Quality figures by (task, engine, metric), less times and memory, which no two runs share. */
    private static Map<String, Double> quality(RunResults r) {
        Map<String, Double> out = new TreeMap<>();
        for (Measurement m : r.measurements()) {
            if (m.scenario().equals(Names.SCENARIO_QUALITY) && Set.of(Names.METRIC_ACCURACY, Names.METRIC_MACRO_F1,
                    Names.METRIC_LOG_LOSS, Names.METRIC_RMSE, Names.METRIC_R2).contains(m.metric())) {
                out.put(m.task() + "/" + m.engine() + "/" + m.metric() + " "
                        + FigureKey.comparableParams(m.params()), m.value());
            }
        }
        return out;
    }
}
