package dev.jmlbench.reports;

import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.ResultsJson;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The report's input path: results written by the harness and read back before rendering. */
class ResultsJsonInputTest {
    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesEqualResults() throws IOException {
        RunResults results = TestFixtures.run();
        Path file = dir.resolve("results.json");
        ResultsJson.write(file, results);
        RunResults read = ResultsJson.read(file);
        assertEquals(results, read);
        assertTrue(Files.isRegularFile(ReportGenerator.write(read, file, dir.resolve("report"))));
    }

    @Test
    void aTruncatedFileIsReportedWithItsName() throws IOException {
        Path file = dir.resolve("truncated-results.json");
        ResultsJson.write(file, TestFixtures.run());
        String json = Files.readString(file);
        Files.writeString(file, json.substring(0, json.length() / 2));

        MalformedResultsException e = assertThrows(MalformedResultsException.class, () -> ResultsJson.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
