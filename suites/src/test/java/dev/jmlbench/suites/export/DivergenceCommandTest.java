package dev.jmlbench.suites.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jmlbench.conformance.Tolerances;
import dev.jmlbench.suites.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jmlbench divergence} on the iris task (Tribuo against the reference), and its usage errors. */
class DivergenceCommandTest {

    private static String[] run(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new String[] {Integer.toString(code), err.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void writesOneCurvePerEngineBesideTheRoundingBaseline(@TempDir Path dir) throws Exception {
        String[] r = run("divergence", "--task", "iris-logreg", "--engines", "tribuo", "--steps", "1,5,end,100000",
                "--examples", "30", "--out", dir.toString());
        assertEquals("0", r[0], r[1]);
        assertTrue(r[1].contains("100000 steps skipped"), r[1]);
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("divergence/iris-logreg.json").toFile());
        assertEquals("iris-logreg", doc.get("task").textValue());
        assertEquals(30, doc.get("probeExamples").intValue());
        for (String curve : new String[] {"reference+1ulp", "tribuo"}) {
            JsonNode points = doc.get("curves").get(curve);
            assertEquals(3, points.size(), curve);
            assertEquals(1, points.get(0).get("steps").intValue());
            assertEquals(5, points.get(1).get("steps").intValue());
            assertEquals(-1, points.get(2).get("steps").intValue(), "end of the recipe");
            for (JsonNode p : points) {
                assertTrue(p.get("maxParamDiff").doubleValue() <= Tolerances.DENSE_TRAINED_PARAMS_ABS, curve + ": " + p);
                assertTrue(p.get("medianOutputDiff").doubleValue() <= p.get("maxOutputDiff").doubleValue(), p.toString());
                assertEquals(1.0, p.get("sameClassShare").doubleValue(), 0.05, curve + ": " + p);
            }
        }
        assertTrue(doc.get("curves").get("reference+1ulp").get(0).get("maxParamDiff").doubleValue() > 0,
                "one ulp shows after a step");
    }

    @Test
    void badInputIsAUsageError(@TempDir Path dir) {
        String[] regression = run("divergence", "--task", "diabetes-linreg", "--out", dir.toString());
        assertEquals("2", regression[0], regression[1]);
        assertTrue(regression[1].contains("not a network classifier"), regression[1]);
        String[] steps = run("divergence", "--task", "iris-logreg", "--steps", "1,ten", "--out", dir.toString());
        assertEquals("2", steps[0], steps[1]);
        assertTrue(steps[1].contains("--steps takes step counts and 'end', got 'ten'"), steps[1]);
        String[] engine = run("divergence", "--task", "iris-logreg", "--engines", "jax", "--out", dir.toString());
        assertEquals("2", engine[0], engine[1]);
        assertTrue(engine[1].contains("unknown engine 'jax'"), engine[1]);
    }
}
