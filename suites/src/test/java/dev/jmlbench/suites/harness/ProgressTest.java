package dev.jmlbench.suites.harness;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {

    @Test
    void anEpochLineGivesTheLossOrSaysTheEngineDidNotReportIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress.Training t = new Progress.Training(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                "iris-logreg on e1", 2, false);
        t.afterEpoch(1, 0.25);
        t.afterEpoch(2, Double.NaN);
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].startsWith("[train] iris-logreg on e1: epoch 1/2, loss 0.2500, "), lines[0]);
        assertTrue(lines[1].startsWith("[train] iris-logreg on e1: epoch 2/2, loss not reported by the engine, "),
                lines[1]);
    }
}
