package dev.jmlbench.core.env;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The CPU's model name, identity and flags as /proc/cpuinfo gives them, on x86, ARM and elsewhere. */
class EnvironmentProbeTest {

    /** Two processors of one virtual machine; only the first is read. */
    private static List<String> x86(String family, String model) {
        return List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: " + family,
                "model\t\t: " + model, "model name\t: AMD EPYC", "stepping\t: 1",
                "flags\t\t: fpu sse4_2 avx2 fma avx512f", "", "processor\t: 1", "vendor_id\t: AuthenticAMD",
                "cpu family\t: 99", "model\t\t: 99", "model name\t: AMD EPYC", "stepping\t: 9", "flags\t\t: fpu");
    }

    @Test
    void x86IdentityIsVendorFamilyModelAndStepping() {
        EnvironmentProbe.Cpu zen4 = EnvironmentProbe.parseCpuInfo(x86("25", "17"));
        assertEquals("AMD EPYC", zen4.model());
        assertEquals("AuthenticAMD family 25 model 17 stepping 1", zen4.id());
        assertEquals("fpu sse4_2 avx2 fma avx512f", zen4.flags());
        EnvironmentProbe.Cpu zen5 = EnvironmentProbe.parseCpuInfo(x86("26", "2"));
        assertEquals(zen4.model(), zen5.model());
        assertEquals(zen4.flags(), zen5.flags());
        assertNotEquals(zen4.id(), zen5.id(), "one model name and one set of flags, two processors");
    }

    @Test
    void armIdentityIsImplementerPartVariantAndRevision() {
        EnvironmentProbe.Cpu cpu = EnvironmentProbe.parseCpuInfo(List.of("processor\t: 0", "BogoMIPS\t: 243.75",
                "Features\t: fp asimd sve", "CPU implementer\t: 0x41", "CPU architecture: 8", "CPU variant\t: 0x1",
                "CPU part\t: 0xd40", "CPU revision\t: 1"));
        assertEquals("implementer 0x41 part 0xd40 variant 0x1 revision 1", cpu.id());
        assertEquals("fp asimd sve", cpu.flags());
        assertEquals("unknown", cpu.model(), "ARM's cpuinfo names no model");
    }

    @Test
    void withoutCpuinfoEverythingIsUnknown() {
        EnvironmentProbe.Cpu cpu = EnvironmentProbe.parseCpuInfo(List.of());
        assertEquals("unknown", cpu.model());
        assertEquals(EnvironmentInfo.UNKNOWN_CPU_ID, cpu.id());
        assertEquals("", cpu.flags());
    }
}
