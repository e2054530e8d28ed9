package dev.jmlbench.reports;

import dev.jmlbench.core.results.MalformedResultsException;
import dev.jmlbench.core.results.ResultsJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broken results file gives the reader's own message, naming the file and the field, from every entry point. */
class MalformedInputTest {
    @TempDir
    Path dir;

    private Path truncated() throws IOException {
        Path file = dir.resolve("truncated-results.json");
        ResultsJson.write(file, TestFixtures.run());
        String json = Files.readString(file);
        Files.writeString(file, json.substring(0, json.length() / 3));
        return file;
    }

    private static String readerMessage(Path file) {
        return assertThrows(MalformedResultsException.class, () -> ResultsJson.read(file)).getMessage();
    }

    @Test
    void aTruncatedFileStopsTheReportWithTheReadersMessage() throws IOException {
        Path file = truncated();
        String expected = readerMessage(file);
        assertTrue(expected.contains(file.toString()) && expected.contains("truncated"), expected);
        MalformedResultsException e = assertThrows(MalformedResultsException.class,
                () -> ReportGenerator.write(file, dir.resolve("report")));
        assertEquals(expected, e.getMessage());
        assertFalse(Files.exists(dir.resolve("report").resolve(ReportGenerator.INDEX_HTML)), "no half report");
    }

    @Test
    void aMissingFieldIsNamed() throws IOException {
        Path file = dir.resolve("no-measurements.json");
        ResultsJson.write(file, TestFixtures.run());
        Files.writeString(file, Files.readString(file).replaceFirst("\"measurements\"", "\"measurementz\""));
        MalformedResultsException e = assertThrows(MalformedResultsException.class,
                () -> ReportGenerator.write(file, dir.resolve("report")));
        assertEquals(readerMessage(file), e.getMessage());
        assertTrue(e.getMessage().contains("field 'measurements'"), e.getMessage());
    }

    @Test
    void compareNamesWhicheverFileIsBroken() throws IOException {
        Path good = dir.resolve("good.json");
        ResultsJson.write(good, TestFixtures.run());
        Path bad = truncated();
        MalformedResultsException e = assertThrows(MalformedResultsException.class,
                () -> CompareReport.write(good, bad, dir.resolve("cmp")));
        assertEquals(readerMessage(bad), e.getMessage());
        MalformedResultsException first = assertThrows(MalformedResultsException.class,
                () -> CompareReport.write(bad, good, dir.resolve("cmp")));
        assertEquals(readerMessage(bad), first.getMessage());
    }
}
