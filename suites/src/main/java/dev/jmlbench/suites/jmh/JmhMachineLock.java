package dev.jmlbench.suites.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One benchmark at a time per machine, waiting instead of failing. JMH refuses to start while another JMH run holds
 * its lock file ({@code java.io.tmpdir/jmh.lock}) and exits with an error, so two runs started side by side (two
 * checkouts measured by {@code ci/compare-commits.sh} while a build runs its benchmark tests, say) lost every figure
 * of one of them. Two benchmarks at once would also slow each other down, so waiting is also the right thing for the
 * numbers. The JMH stage holds {@code jmlbench-jmh.lock} (a blocking lock: jmlbench runs queue behind each other),
 * and before each JMH run waits until JMH's own lock is free (another program's JMH run).
 */
final class JmhMachineLock implements AutoCloseable {
    private static final Path DIR = Path.of(System.getProperty("java.io.tmpdir"));
    private static final long POLL_MILLIS = 1000;

    private final FileChannel channel;
    private final FileLock lock;

    private JmhMachineLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the jmlbench benchmark lock of this machine, waiting (and saying so) while another run holds it. */
    static JmhMachineLock acquire(PrintStream log) throws IOException {
        FileChannel channel = FileChannel.open(DIR.resolve("jmlbench-jmh.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                log.println("[jmh] another jmlbench run is benchmarking on this machine; waiting for it to finish ("
                        + DIR.resolve("jmlbench-jmh.lock") + ")");
                lock = channel.lock();
                log.println("[jmh] the other run finished; benchmarking");
            }
            return new JmhMachineLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Waits until JMH's own lock file is free (no other program's JMH run holds it), saying so once.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    static void awaitJmhLockFree(PrintStream log) throws IOException, InterruptedException {
        Path file = DIR.resolve("jmh.lock");
        boolean said = false;
        while (true) {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock l = c.tryLock();
                if (l != null) {
                    l.release();
                    return;
                }
            }
            if (!said) {
                log.println("[jmh] another JMH run holds " + file + "; waiting for it to finish");
                said = true;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
