package dev.jmlbench.ci.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example workflows people copy must be valid: every file in {@code ci/workflows} parses as YAML with jobs and
 * steps, every {@code run:} block passes {@code bash -n} (with the hosted CI's {@code ${{ ... }}} expressions
 * replaced by a value, as the runner does before bash sees the script), and so do the scripts in {@code ci/}.
 */
class WorkflowFilesTest {
    private static final Path CI = Path.of("").toAbsolutePath().getFileName().toString().equals("ci")
            ? Path.of("").toAbsolutePath() : Path.of("ci").toAbsolutePath();

    private static List<Path> files(String glob) throws IOException {
        List<Path> out = new ArrayList<>();
        Path dir = glob.startsWith("workflows") ? CI.resolve("workflows") : CI;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().endsWith(glob.startsWith("workflows") ? ".yml" : ".sh"))
                    .sorted().forEach(out::add);
        }
        return out;
    }

    /** {@code bash -n} on a script: its exit code and complaints. */
    private static String bashSyntaxErrors(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash -n did not finish");
        return p.exitValue() == 0 ? "" : out.isBlank() ? "exit " + p.exitValue() : out;
    }

    @Test
    void everyWorkflowParsesAndEveryRunBlockIsValidBash() throws Exception {
        List<Path> workflows = files("workflows");
        assertFalse(workflows.isEmpty(), "no workflow in " + CI.resolve("workflows"));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        int runs = 0;
        for (Path f : workflows) {
            JsonNode doc = yaml.readTree(f.toFile());
            assertTrue(doc.path("jobs").isObject() && doc.path("jobs").size() > 0, f + ": no jobs");
            for (JsonNode job : doc.path("jobs")) {
                assertTrue(job.path("steps").isArray(), f + ": a job without steps");
                for (JsonNode step : job.path("steps")) {
                    if (step.has("run")) {
                        String script = step.get("run").asText().replaceAll("\\$\\{\\{[^}]*}}", "x");
                        assertEquals("", bashSyntaxErrors(script), f + ", step '" + step.path("name").asText()
                                + "':\n" + step.get("run").asText());
                        runs++;
                    }
                }
            }
        }
        assertTrue(runs >= 4, "run blocks checked: " + runs);
    }

    @Test
    void theNightlyShardsAreAsManyAsTheirMatrixAndBalanceByOneCostsFileFromThePlanJob() throws Exception {
        JsonNode jobs = new ObjectMapper(new YAMLFactory()).readTree(CI.resolve("workflows/jmlbench.yml").toFile())
                .path("jobs");
        JsonNode shard = jobs.path("nightly-shard");
        int n = shard.path("strategy").path("matrix").path("shard").size();
        assertTrue(n > 1, "a matrix of shards: " + shard);
        assertEquals("nightly-plan", shard.path("needs").asText(), "the shards wait for the one costs file");
        String runs = "";
        for (JsonNode step : shard.path("steps")) {
            runs += step.path("run").asText() + "\n";
        }
        assertTrue(runs.contains("--shard \"${{ matrix.shard }}/" + n + "\""), "shard K of the matrix's " + n
                + ":\n" + runs);
        assertTrue(runs.contains("--shard-costs target/shard-costs/shard-costs.json"), runs);
        String plan = "";
        for (JsonNode step : jobs.path("nightly-plan").path("steps")) {
            plan += step.path("run").asText() + step.path("with").path("name").asText() + "\n";
        }
        assertTrue(plan.contains("jmlbench-costs") && plan.contains("shard-costs.json"), plan);
    }

    @Test
    void theKubernetesExampleIsAnIndexedJobOfShardsAndAMergeJobWithValidScripts() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path dir = CI.resolve("kubernetes");
        JsonNode shards = yaml.readTree(dir.resolve("jmlbench-shards.yaml").toFile());
        assertEquals("Job", shards.path("kind").asText());
        assertEquals("Indexed", shards.path("spec").path("completionMode").asText());
        int n = shards.path("spec").path("completions").asInt();
        String shardScript = script(shards);
        assertTrue(shardScript.contains("JOB_COMPLETION_INDEX + 1") && shardScript.contains("--shard \"$k/" + n + "\""),
                "shard K of the job's completions: " + shardScript);
        JsonNode merge = yaml.readTree(dir.resolve("jmlbench-merge.yaml").toFile());
        assertEquals("Job", merge.path("kind").asText());
        assertTrue(script(merge).contains("./jmlbench merge /results/shard-*/"), script(merge));
        for (String s : List.of(shardScript, script(merge))) {
            assertEquals("", bashSyntaxErrors(s), s);
        }
        assertTrue(Files.readString(dir.resolve("Dockerfile")).contains("./jmlbench fetch-data"));
    }

    /** The bash script of a Job's one container ({@code command: [bash, -c]}, {@code args: [script]}). */
    private static String script(JsonNode job) {
        JsonNode container = job.path("spec").path("template").path("spec").path("containers").get(0);
        assertEquals("bash", container.path("command").get(0).asText());
        return container.path("args").get(0).asText();
    }

    @Test
    void theScriptsOfCiAreValidBashAndExecutable() throws Exception {
        List<Path> scripts = files("scripts");
        assertTrue(scripts.stream().anyMatch(p -> p.getFileName().toString().equals("compare-commits.sh")), scripts
                .toString());
        for (Path s : scripts) {
            assertEquals("", bashSyntaxErrors(Files.readString(s)), s.toString());
            assertTrue(Files.isExecutable(s), s + " is not executable");
        }
    }

    @Test
    void aBrokenRunBlockIsCaught() throws Exception {
        assertFalse(bashSyntaxErrors("if true; then echo missing fi").isEmpty(), "bash -n must catch it");
    }

    @Test
    void aPlainScalarWithAColonIsNotYaml() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> yaml.readTree(
                "steps:\n  - name: Push (also when it failed: the detector)\n    run: echo\n"));
    }
}
