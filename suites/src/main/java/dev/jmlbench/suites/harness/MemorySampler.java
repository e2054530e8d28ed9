package dev.jmlbench.suites.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Samples the Java heap in use and the process's resident set size on a daemon thread every
 * {@value #PERIOD_MILLIS} ms while open, keeping the largest of each. The thread sleeps between samples; one
 * sample costs a few microseconds, so the effect on a timed training run is far below its noise.
 */
final class MemorySampler implements AutoCloseable {
    static final long PERIOD_MILLIS = 20;
    private static final Path STATUS = Path.of("/proc/self/status");

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakRss;

    MemorySampler() {
        sample();
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "jmlbench-memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void sample() {
        long heap = memory.getHeapMemoryUsage().getUsed();
        if (heap > peakHeap) {
            peakHeap = heap;
        }
        long rss = residentBytes();
        if (rss > peakRss) {
            peakRss = rss;
        }
    }

    /** Largest heap in use seen, bytes. */
    long peakHeap() {
        return peakHeap;
    }

    /** Largest resident set size seen, bytes; 0 where /proc is not available. */
    long peakRss() {
        return peakRss;
    }

    /** This process's resident set size in bytes from /proc/self/status (VmRSS); 0 when unavailable. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] w = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(w[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
    }
}
