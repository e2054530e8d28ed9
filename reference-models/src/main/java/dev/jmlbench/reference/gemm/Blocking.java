package dev.jmlbench.reference.gemm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The cache blocking of the Vector API kernel, derived from the micro-tile and the data cache sizes in the way of
 * the BLIS analytical model (Low et al., "Analytical modeling is enough for high-performance BLIS", 2016), with
 * the operands' roles of BLIS's AVX-512 kernels: the broadcast operand (op(A), {@code mr} rows) keeps its
 * micro-panel in L1 while the vector operand's micro-panels (op(B), {@code nr} columns) stream from L2.
 * <ul>
 *   <li>{@code kc}, the inner-dimension block: one packed micro-panel of op(A) ({@code mr x kc} floats), reused
 *       for every micro-panel of the block of op(B), takes half of L1; a multiple of 16 within [64, 512].</li>
 *   <li>{@code nc}, columns per packed block of op(B): {@code kc x nc} floats take at most a quarter of L2; a
 *       multiple of {@code nr} within [{@code nr}, 4096].</li>
 *   <li>{@code mc}, rows per packed block of op(A): {@code mc x kc} floats take at most half of this core's share
 *       of L3; a multiple of {@code mr} within [{@code mr}, 1536].</li>
 * </ul>
 * Measured with {@code SgemmTiming} on an AVX-512 Zen 5 core (48 KiB L1, 1 MiB L2; 12 x 32 tile, kc 512, nc 128):
 * 0.79 to 0.88 of the FMA peak at n = 480..2048 (the machine's own figure varied by the hour), 0.08 to 0.10 above
 * the former order (op(B)'s micro-panel of kc 256 x 32 in L1, op(A)'s streaming from L2) run alternately; that
 * order reached 0.68 to 0.82 with any of the twelve L1 and L2 sizes tried.
 *
 * <p>Cache sizes come from Linux's {@code /sys/devices/system/cpu/cpu0/cache} (the L3 divided among the CPUs that
 * share it), may be set with {@code -Djmlbench.gemm.l1=49152}, {@code .l2}, {@code .l3} (bytes per core), and
 * default to 48 KiB, 1 MiB and 4 MiB (a current server core) where neither says: some virtual machines show no
 * cache entries in sysfs.
 *
 * @param mr  rows of the micro-tile
 * @param nr  columns of the micro-tile
 * @param kc  inner-dimension block
 * @param mc  rows of C per packed block of op(A)
 * @param nc  columns of C per packed block of op(B)
 * @param l1  L1 data cache bytes the derivation used
 * @param l2  L2 bytes
 * @param l3  L3 bytes per core
 */
record Blocking(int mr, int nr, int kc, int mc, int nc, long l1, long l2, long l3) {
    static final long DEFAULT_L1 = 48 << 10;
    static final long DEFAULT_L2 = 1 << 20;
    static final long DEFAULT_L3 = 4 << 20;

    /** The blocking for a micro-tile of {@code mr} x {@code nr} floats and the given cache sizes in bytes. */
    static Blocking derive(int mr, int nr, long l1, long l2, long l3) {
        int kc = clamp(roundDown((int) Math.min(Integer.MAX_VALUE, l1 / 2 / (4L * mr)), 16), 64, 512);
        int nc = clamp(roundDown((int) Math.min(Integer.MAX_VALUE, l2 / 4 / (4L * kc)), nr), nr,
                Math.max(nr, roundDown(4096, nr)));
        int mc = clamp(roundDown((int) Math.min(Integer.MAX_VALUE, l3 / 2 / (4L * kc)), mr), mr,
                roundDown(1536, mr));
        return new Blocking(mr, nr, kc, mc, nc, l1, l2, l3);
    }

    /** The blocking for this machine's caches (or the properties' sizes). */
    static Blocking forThisMachine(int mr, int nr) {
        return derive(mr, nr, size("l1", 1, DEFAULT_L1), size("l2", 2, DEFAULT_L2), size("l3", 3, DEFAULT_L3));
    }

    /** For the description: e.g. "kc 512, mc 1536, nc 128 (L1 48 KiB, L2 1024 KiB, L3 16384 KiB per core)". */
    String describe() {
        return String.format(Locale.ROOT, "kc %d, mc %d, nc %d (L1 %d KiB, L2 %d KiB, L3 %d KiB per core)", kc, mc,
                nc, l1 >> 10, l2 >> 10, l3 >> 10);
    }

    /**
     * The block length, at most {@code max} and a multiple of {@code grain}, that splits {@code extent} into as few
     * blocks as {@code max} allows, of near-equal lengths (so that 512 rows in blocks of at most 504 are two blocks of
     * 256, not 504 and an edge of 8 that packs op(B) again for one partial micro-tile).
     */
    static int evenBlock(int extent, int max, int grain) {
        int blocks = Math.max(1, (extent + max - 1) / max);
        int length = (extent + blocks - 1) / blocks;
        return Math.min(max, (length + grain - 1) / grain * grain);
    }

    private static int roundDown(int value, int multiple) {
        return value / multiple * multiple;
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    /** A cache size: the property, else sysfs (data or unified caches of that level), else the default. */
    private static long size(String name, int level, long fallback) {
        String property = System.getProperty("jmlbench.gemm." + name);
        if (property != null) {
            try {
                long bytes = Long.parseLong(property.trim());
                if (bytes > 0) {
                    return bytes;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the machine's figure
            }
        }
        Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache");
        for (int index = 0; index < 8; index++) {
            Path cache = dir.resolve("index" + index);
            try {
                if (!Files.isDirectory(cache) || Integer.parseInt(read(cache.resolve("level"))) != level
                        || read(cache.resolve("type")).equalsIgnoreCase("Instruction")) {
                    continue;
                }
                long bytes = parseSize(read(cache.resolve("size")));
                int sharing = Math.max(1, cpuCount(read(cache.resolve("shared_cpu_list"))));
                return bytes > 0 ? bytes / sharing : fallback;
            } catch (IOException | RuntimeException unreadable) {
                return fallback;
            }
        }
        return fallback;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file).trim();
    }

    /** "32K", "1024K", "32M" or plain bytes. */
    static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        if (unit > 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Long.parseLong(t) * unit;
    }

    /** CPUs in a list such as "0-3,8,10-11". */
    static int cpuCount(String list) {
        int count = 0;
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            count += dash < 0 ? 1 : Integer.parseInt(p.substring(dash + 1)) - Integer.parseInt(p.substring(0, dash)) + 1;
        }
        return count;
    }
}
