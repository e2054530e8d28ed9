package dev.jmlbench.reference.gemm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cache blocking follows the vector width and the cache sizes, within its bounds. */
class BlockingTest {

    @Test
    void blocksFollowTheTileAndTheCaches() {
        // AVX-512 (12 x 32 tile) on 32 KiB L1, 1 MiB L2, 16 MiB L3 per core
        Blocking wide = Blocking.derive(12, 32, 32 << 10, 1 << 20, 16 << 20);
        assertEquals(336, wide.kc()); // 12 x 336 floats <= 16 KiB, half of L1, a multiple of 16
        assertEquals(192, wide.nc()); // 336 x 192 floats <= 256 KiB, a quarter of L2, a multiple of 32
        assertEquals(1536, wide.mc()); // capped
        // 48 KiB L1 and 2 MiB of L3: kc 512 (12 x 512 floats = 24 KiB), nc 128, mc 504 x 512 floats <= 1 MiB
        Blocking zen5 = Blocking.derive(12, 32, 48 << 10, 1 << 20, 2 << 20);
        assertEquals(512, zen5.kc());
        assertEquals(128, zen5.nc());
        assertEquals(504, zen5.mc());
        // AVX2 (6 x 16 tile) on small caches: 256 KiB L2, 1 MiB L3
        Blocking small = Blocking.derive(6, 16, 32 << 10, 256 << 10, 1 << 20);
        assertEquals(512, small.kc()); // capped: 6 x 682 floats would fit half of L1
        assertEquals(32, small.nc()); // 512 x 32 floats = 64 KiB, a quarter of L2
        assertEquals(252, small.mc());
    }

    @Test
    void evenBlocksAvoidATinyLastBlock() {
        assertEquals(264, Blocking.evenBlock(516, 504, 12)); // two blocks of 264 and 252, not 504 and 12
        assertEquals(516, Blocking.evenBlock(516, 1536, 12)); // one block
        assertEquals(12, Blocking.evenBlock(5, 504, 12)); // at least one grain
        assertEquals(504, Blocking.evenBlock(100_000, 504, 12)); // never above the maximum
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
