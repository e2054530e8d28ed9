package dev.jmlbench.ci.history;

import dev.jmlbench.ci.Fixtures;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.env.MachineClass;
import dev.jmlbench.core.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HistoryStoreTest {

    @Test
    void appendsOneLinePerRunAndReadsThemBackInOrder(@TempDir Path dir) throws Exception {
        HistoryStore store = new HistoryStore(dir.resolve("nested/history.jsonl"));
        assertEquals(List.of(), store.read(), "a missing file is an empty history");
        RunResults real = Fixtures.quickRun();
        assertTrue(store.append(real));
        RunResults second = Fixtures.run("second", Fixtures.env("bbbb", "AMD EPYC", 2),
                List.of(Fixtures.throughput("djl", 1, 2, 3)));
        assertTrue(store.append(second));
        assertFalse(store.append(real), "the same run is recorded once");
        List<String> lines = Files.readAllLines(store.file());
        assertEquals(2, lines.size());
        List<HistoryRecord> records = store.read();
        assertEquals(List.of(real.runId(), "second"), records.stream().map(HistoryRecord::runId).toList());
        assertEquals(real.measurements(), records.get(0).measurements());
        assertEquals(real.environment(), records.get(0).environment());
        assertEquals("7d1fd63362", records.get(0).shortCommit());
        // the fixture was written before runs recorded the CPU identity
        assertEquals(new MachineClass("AMD EPYC", EnvironmentInfo.UNKNOWN_CPU_ID, 2), records.get(0).machine());
    }

    @Test
    void aMalformedLineNamesTheFileTheLineAndTheField(@TempDir Path dir) throws Exception {
        HistoryStore store = new HistoryStore(dir.resolve("history.jsonl"));
        store.append(Fixtures.quickRun());
        String good = Files.readString(store.file());
        Files.writeString(store.file(), good + "\n" + good.strip().replace("\"logicalCores\":2",
                "\"logicalCores\":\"two\"").replace(Fixtures.quickRun().runId(), "other") + "\n");
        MalformedHistoryException e = assertThrows(MalformedHistoryException.class, store::read);
        assertTrue(e.getMessage().startsWith("malformed history file " + store.file() + ", line 3: field "
                + "'environment.logicalCores'"), e.getMessage());

        Files.writeString(store.file(), good + "{\"historyVersion\":1,\"runId\":\"x\"");
        e = assertThrows(MalformedHistoryException.class, store::read);
        assertTrue(e.getMessage().contains("line 2: not valid JSON"), e.getMessage());

        Files.writeString(store.file(), "{\"historyVersion\":1,\"runId\":\"x\"}\n");
        e = assertThrows(MalformedHistoryException.class, store::read);
        assertTrue(e.getMessage().endsWith("line 1: field 'environment': missing"), e.getMessage());

        Files.writeString(store.file(), "{\"historyVersion\":9}\n");
        e = assertThrows(MalformedHistoryException.class, store::read);
        assertTrue(e.getMessage().contains("version 9 is not supported"), e.getMessage());
    }

    @Test
    void theDefaultPathIsOutsideTargetAndOverridable() {
        String before = System.getProperty(HistoryStore.PROPERTY);
        try {
            System.clearProperty(HistoryStore.PROPERTY);
            assertEquals(Path.of(".jmlbench/history.jsonl"), HistoryStore.defaultFile());
            System.setProperty(HistoryStore.PROPERTY, "/tmp/h.jsonl");
            assertEquals(Path.of("/tmp/h.jsonl"), HistoryStore.defaultFile());
        } finally {
            if (before == null) {
                System.clearProperty(HistoryStore.PROPERTY);
            } else {
                System.setProperty(HistoryStore.PROPERTY, before);
            }
        }
    }
}
