package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache blocking follows the vector width and the cache sizes, within its bounds. */
class BlockingTest {

    @Test
    void blocksFollowTheVectorWidthAndTheCaches() {
        // AVX-512 (16 floats, nr 32) on 32 KiB L1, 1 MiB L2, 16 MiB L3 per core
        Blocking wide = Blocking.derive(6, 32, 32 << 10, 1 << 20, 16 << 20);
        assertEquals(256, wide.kc()); // 256 x 32 floats = 32 KiB, the L1
        assertEquals(126, wide.mc()); // 126 x 256 floats <= 128 KiB (an eighth of L2), a multiple of 6
        assertEquals(4096, wide.nc()); // capped
        // AVX2 (8 floats, nr 16) on the same caches: twice the kc, half the mc
        Blocking narrow = Blocking.derive(6, 16, 32 << 10, 1 << 20, 16 << 20);
        assertEquals(512, narrow.kc());
        assertEquals(60, narrow.mc());
        // 128-bit vectors (nr 8) on small caches: 256 KiB L2, 2 MiB L3
        Blocking small = Blocking.derive(6, 8, 32 << 10, 256 << 10, 2 << 20);
        assertEquals(512, small.kc()); // capped
        assertEquals(12, small.mc());
        assertEquals(512, small.nc());
    }

    @Test
    void blocksStayWithinTheirBoundsForAnyCacheSizes() {
        for (long l1 : new long[] {1, 4 << 10, 48 << 10, 1 << 30}) {
            for (long l2 : new long[] {1, 128 << 10, 1 << 30}) {
                for (long l3 : new long[] {1, 1 << 20, 1L << 34}) {
                    Blocking b = Blocking.derive(6, 32, l1, l2, l3);
                    assertTrue(b.kc() >= 64 && b.kc() <= 512 && b.kc() % 16 == 0, b.toString());
                    assertTrue(b.mc() >= 6 && b.mc() <= 1536 && b.mc() % 6 == 0, b.toString());
                    assertTrue(b.nc() >= 32 && b.nc() <= 4096 && b.nc() % 32 == 0, b.toString());
                }
            }
        }
    }

    @Test
    void readsSysfsSizesAndCpuLists() {
        assertEquals(32L << 10, Blocking.parseSize("32K"));
        assertEquals(32L << 20, Blocking.parseSize("32M\n"));
        assertEquals(4096, Blocking.parseSize("4096"));
        assertEquals(2, Blocking.cpuCount("0-1"));
        assertEquals(6, Blocking.cpuCount("0-3,8,10"));
        assertEquals(1, Blocking.cpuCount("0"));
    }

    @Test
    void theMachinesBlockingIsDescribed() {
        Blocking b = Blocking.forThisMachine(6, 32);
        assertTrue(b.l1() > 0 && b.l2() > 0 && b.l3() > 0, b.toString());
        assertTrue(b.describe().startsWith("kc " + b.kc() + ", mc " + b.mc() + ", nc " + b.nc()), b.describe());
    }
}
