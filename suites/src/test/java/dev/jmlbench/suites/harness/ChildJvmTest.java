package dev.jmlbench.suites.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildJvmTest {

    /** A user's or a scheduler's stop is not blamed on the engine; a crash still is, with its status. */
    @Test
    void anExitStatusSaysWhoStoppedTheEngine() {
        assertNull(ChildJvm.exitReason(0));
        assertTrue(ChildJvm.exitReason(143).contains("stopped from outside by SIGTERM"), ChildJvm.exitReason(143));
        assertTrue(ChildJvm.exitReason(143).contains("not by the engine"), ChildJvm.exitReason(143));
        assertTrue(ChildJvm.exitReason(130).contains("SIGINT"), ChildJvm.exitReason(130));
        assertTrue(ChildJvm.exitReason(137).contains("SIGKILL") && ChildJvm.exitReason(137).contains("out-of-memory"),
                ChildJvm.exitReason(137));
        assertTrue(ChildJvm.exitReason(134).contains("status 134 (signal 6)"), ChildJvm.exitReason(134));
        assertTrue(ChildJvm.exitReason(1).contains("status 1 (a crash"), ChildJvm.exitReason(1));
    }
}
