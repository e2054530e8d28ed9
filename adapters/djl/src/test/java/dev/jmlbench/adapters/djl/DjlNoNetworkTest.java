package dev.jmlbench.adapters.djl;

import dev.jmlbench.core.data.TrainTestData;
import dev.jmlbench.core.engine.Engine;
import dev.jmlbench.core.engine.EngineConfig;
import dev.jmlbench.core.engine.Engines;
import dev.jmlbench.core.engine.Model;
import dev.jmlbench.core.params.ParameterInitializer;
import dev.jmlbench.core.task.TaskCatalogue;
import dev.jmlbench.core.task.TaskSpec;
import dev.jmlbench.datasets.Datasets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.net.URLStreamHandlerFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves that opening the engine, building, training and predicting makes no network attempt, with no
 * offline setting in place other than the adapter's own.
 *
 * <p><b>Where it runs.</b> Only in the {@code djl-no-network} surefire execution of this module's pom: a fresh
 * JVM with no {@code OPT_OUT_TRACKING}/{@code DJL_OFFLINE}/{@code DJL_CACHE_DIR} in its environment and no DJL
 * system properties, so that only {@link DjlEngineProvider#open} can make DJL offline, and so that DJL's Engine
 * class has not been initialised by another test (its telemetry runs once, from that class's static
 * initialiser). Elsewhere it is skipped.
 *
 * <p><b>The call path it guards.</b> In DJL 0.36 the static initialiser of {@code ai.djl.engine.Engine} calls
 * {@code Ec2Utils.callHome(engine)}, which returns early when {@code Utils.isOfflineMode()} is true
 * ({@code DJL_OFFLINE} variable or {@code ai.djl.offline} property) or {@code OPT_OUT_TRACKING} is set as a
 * variable or property; otherwise it PUTs to {@code http://169.254.169.254/latest/api/token} and GETs
 * {@code .../latest/meta-data/instance-id} and {@code .../placement/region}, and then would GET an S3 telemetry
 * URL. Each connection is opened with {@code url.openConnection(Proxy.NO_PROXY)}, so a
 * {@link ProxySelector} alone never sees them: the test therefore installs a {@link URLStreamHandlerFactory}
 * whose http/https handler records every URL and throws before any socket is made, and, for connections that
 * bypass {@code java.net.URL}, a recording {@link ProxySelector} that routes everything to a closed loopback
 * port. Nothing can leave the machine, whether the adapter is right or wrong.
 *
 * <p><b>Why it fails without the adapter's settings.</b> Nothing else in this JVM opts out, so the Engine's
 * initialisation would reach {@code callHome} and record the metadata URLs ({@code isOfflineMode()} would also
 * be false). The positive control at the end calls DJL's {@code Ec2Utils.readMetadata} (which has no offline
 * check) to show that the interceptor does catch DJL's own connection code.
 */
class DjlNoNetworkTest {
    /** Set by the {@code djl-no-network} surefire execution only. */
    static final String FORK_FLAG = "jmlbench.djl.noNetworkFork";
    /** The harness's native cache folder, passed by that execution. */
    static final String CACHE_DIR = "jmlbench.test.nativeCacheDir";

    private static final List<String> RECORDED = new CopyOnWriteArrayList<>();

    /** Records every http/https URL opened through {@code java.net.URL} and refuses it before any socket. */
    static final class RefusingHandler extends URLStreamHandler {
        @Override
        protected URLConnection openConnection(URL u) throws IOException {
            return openConnection(u, null);
        }

        @Override
        protected URLConnection openConnection(URL u, Proxy p) throws IOException {
            RECORDED.add(u + (p == Proxy.NO_PROXY ? " [Proxy.NO_PROXY]" : ""));
            throw new ConnectException("refused by DjlNoNetworkTest: " + u);
        }
    }

    /** Records every URI it is asked about and routes it to a closed port on the loopback address. */
    static final class LoopbackProxySelector extends ProxySelector {
        private final int closedPort;

        LoopbackProxySelector(int closedPort) {
            this.closedPort = closedPort;
        }

        @Override
        public List<Proxy> select(URI uri) {
            RECORDED.add(uri.toString());
            Proxy.Type type = "socket".equalsIgnoreCase(uri.getScheme()) ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
            return List.of(new Proxy(type, new InetSocketAddress(InetAddress.getLoopbackAddress(), closedPort)));
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // expected: the port is closed
        }
    }

    @Test
    void openBuildTrainAndPredictMakeNoNetworkAttempt() throws Exception {
        assumeTrue(Boolean.getBoolean(FORK_FLAG), "runs only in the djl-no-network surefire execution (a fresh JVM"
                + " without DJL's offline settings); see adapters/djl/pom.xml");
        for (String name : List.of(DjlSettings.OPT_OUT_TRACKING, "DJL_OFFLINE", DjlSettings.CACHE_DIR)) {
            assertNull(System.getenv(name), "environment variable " + name + " must be absent in this JVM, or the"
                    + " test cannot tell whether the adapter made DJL offline");
        }
        for (String name : List.of(DjlSettings.OFFLINE, DjlSettings.OPT_OUT_TRACKING, "offline",
                DjlSettings.CACHE_DIR, DjlSettings.NUM_THREADS, DjlSettings.NUM_INTEROP_THREADS)) {
            assertNull(System.getProperty(name), "system property " + name + " must be unset before open()");
        }

        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URL.setURLStreamHandlerFactory(protocol -> "http".equalsIgnoreCase(protocol)
                || "https".equalsIgnoreCase(protocol) ? new RefusingHandler() : null);
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new LoopbackProxySelector(closedPort));
        try {
            checkTheInterceptors(closedPort);
            RECORDED.clear();

            Path cache = Path.of(System.getProperty(CACHE_DIR, "target/native-cache"));
            try (Engine engine = Engines.find("djl").open(new EngineConfig(1, cache))) {
                assertEquals(List.of(), List.copyOf(RECORDED), "DJL attempted network connections while opening");
                // DJL's classes are first touched inside open(); from here on they may be used
                assertTrue(ai.djl.util.Utils.isOfflineMode(), "DJL must be in offline mode after open()");
                assertEquals("true", System.getProperty(DjlSettings.OPT_OUT_TRACKING));
                assertEquals(cache.toAbsolutePath().normalize().resolve("djl").toString(),
                        System.getProperty(DjlSettings.CACHE_DIR), "DJL's native cache folder");
                assertEquals("1", engine.info().threads().get(DjlEngine.TORCH_INTRA_OP));
                assertEquals("1", engine.info().threads().get(DjlEngine.TORCH_INTER_OP));

                TaskSpec iris = TaskCatalogue.builtIn().get("iris-logreg");
                TrainTestData data = Datasets.load(iris.dataset());
                try (Model model = engine.build(iris)) {
                    model.importParameters(ParameterInitializer.initialize(iris.model(),
                            iris.training().initializer(), iris.training().seed()));
                    model.train(data.train());
                    model.predict(data.test().features());
                    model.exportParameters();
                }
                // the very call the Engine made while initialising: offline, it must return at once
                ai.djl.util.Ec2Utils.callHome("PyTorch");
            }
            assertEquals(List.of(), List.copyOf(RECORDED), "DJL attempted network connections");

            // Positive control: DJL's own connection code (readMetadata has no offline check) is caught.
            assertNull(ai.djl.util.Ec2Utils.readMetadata("instance-id"));
            assertTrue(RECORDED.contains("http://169.254.169.254/latest/api/token [Proxy.NO_PROXY]"), RECORDED.toString());
            assertTrue(RECORDED.contains("http://169.254.169.254/latest/meta-data/instance-id [Proxy.NO_PROXY]"),
                    RECORDED.toString());
        } finally {
            ProxySelector.setDefault(previous);
        }
    }

    /**
     * Shows both interceptors at work before DJL is touched, on loopback addresses only, and makes sure that a
     * URL to the metadata address gets the refusing handler: {@code openConnection} does not connect, so
     * checking it cannot send anything.
     */
    private static void checkTheInterceptors(int closedPort) throws IOException {
        String loopback = "http://127.0.0.1:" + closedPort + "/interceptor-check";
        assertThrows(ConnectException.class, () -> new URL(loopback).openConnection(Proxy.NO_PROXY).connect());
        assertTrue(RECORDED.contains(loopback + " [Proxy.NO_PROXY]"), "URL interceptor: " + RECORDED);

        try (Socket socket = new Socket()) {
            assertThrows(IOException.class, () -> socket.connect(new InetSocketAddress(
                    InetAddress.getLoopbackAddress(), closedPort), 1000));
        }
        assertTrue(RECORDED.stream().anyMatch(u -> u.startsWith("socket://") && u.endsWith(":" + closedPort)),
                "proxy selector: " + RECORDED);

        URL metadata = new URL("http://169.254.169.254/latest/api/token");
        try {
            URLConnection c = metadata.openConnection(Proxy.NO_PROXY);
            fail("the metadata URL got the JDK's handler (" + c.getClass().getName() + "), not the refusing one");
        } catch (ConnectException expected) {
            assertTrue(expected.getMessage().startsWith("refused by DjlNoNetworkTest"), expected.getMessage());
        }
    }
}
