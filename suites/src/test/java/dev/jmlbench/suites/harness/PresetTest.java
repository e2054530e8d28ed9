package dev.jmlbench.suites.harness;

import dev.jmlbench.suites.CliRun;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {

    @Test
    void overridesChangeOnlyTheirOwnSetting() {
        Preset p = Preset.FULL.withEngineTimeout(7);
        assertEquals(7, p.engineTimeoutMinutes());
        assertEquals(Preset.FULL, p.withEngineTimeout(Preset.FULL.engineTimeoutMinutes()));
        Preset f = Preset.QUICK.withForks(9);
        assertEquals(9, f.forks());
        assertEquals(9, f.coldStartForks());
        assertEquals(Preset.QUICK.engineTimeoutMinutes(), f.engineTimeoutMinutes());
        assertEquals(Preset.QUICK.seeds(), f.seeds());
    }

    /** The full preset trains MNIST-size networks five times on each engine: the quick preset's guard would stop it. */
    @Test
    void theFullPresetGivesEnginesLongerThanTheQuickOne() {
        assertTrue(Preset.FULL.engineTimeoutMinutes() > Preset.QUICK.engineTimeoutMinutes());
        assertNotEquals(Preset.QUICK.engineTimeout(), Preset.FULL.engineTimeout());
    }

    @Test
    void badValuesAreRejectedWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> Preset.QUICK.withEngineTimeout(0));
        assertThrows(IllegalArgumentException.class, () -> Preset.QUICK.withForks(1));
        CliRun o = CliRun.of("run", "--stage", "merge", "--engine-timeout", "0", "--out", "target/preset-test");
        assertNotEquals(0, o.code());
        assertTrue(o.err().contains("--engine-timeout must be at least 1 minute"), o.err());
    }
}
