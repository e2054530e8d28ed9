package dev.jmlbench.suites.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real browser for tests: Debian's headless Chromium driven over the DevTools protocol on loopback only, started
 * with the flags that keep it off the network and a new empty profile. It opens a page, collects console errors
 * and uncaught exceptions, evaluates JavaScript in the page and takes screenshots.
 */
public final class HeadlessChromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long the browser may take to offer its DevTools endpoint. */
    private static final int STARTUP_SECONDS = 180;
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");

    private final Process process;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    private HeadlessChromium(Process process, WebSocket socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The Chromium executable, or null when none is installed. */
    public static Path executable() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** Starts Chromium with an empty profile in {@code profileDir} and attaches to its first page. */
    public static HeadlessChromium start(Path profileDir) throws Exception {
        Path exe = executable();
        if (exe == null) {
            throw new IOException("no chromium executable; install Debian's chromium package");
        }
        Files.createDirectories(profileDir);
        Process p = new ProcessBuilder(exe.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=" + profileDir.toAbsolutePath(),
                "--window-size=1280,2000", "about:blank")
                .redirectErrorStream(true).start();
        int port = awaitPort(p);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        JsonNode targets = null;
        for (int attempt = 0; attempt < 50 && (targets == null || !hasPage(targets)); attempt++) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            targets = JSON.readTree(body);
            if (!hasPage(targets)) {
                Thread.sleep(100);
            }
        }
        String pageUrl = null;
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                pageUrl = t.path("webSocketDebuggerUrl").asText();
                break;
            }
        }
        if (pageUrl == null || !pageUrl.startsWith("ws://127.0.0.1:")) {
            p.destroyForcibly();
            throw new IOException("chromium offered no page target on loopback: " + targets);
        }
        Holder holder = new Holder();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), holder).join();
        HeadlessChromium browser = new HeadlessChromium(p, ws);
        holder.browser = browser;
        browser.call("Runtime.enable", JSON.createObjectNode());
        browser.call("Log.enable", JSON.createObjectNode());
        browser.call("Page.enable", JSON.createObjectNode());
        return browser;
    }

    private static boolean hasPage(JsonNode targets) {
        for (JsonNode t : targets) {
            if (t.path("type").asText().equals("page")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits for the DevTools line. The first start after installing Chromium can take well over half a minute on
     * a busy two-core machine (cold disk cache), and Chromium prints nothing for long stretches, so the output is
     * read on its own thread and the wait is a real deadline, not one checked between lines.
     */
    private static int awaitPort(Process p) throws IOException, InterruptedException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuffer seen = new StringBuffer();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (!port.isDone()) {
                        seen.append(line).append('\n');
                        Matcher m = DEVTOOLS.matcher(line);
                        if (m.find()) {
                            port.complete(Integer.parseInt(m.group(2)));
                        }
                    }
                    // after the port is known, keep draining so that the pipe never fills up
                }
            } catch (IOException ignored) {
                // the browser exited
            }
            port.complete(-1);
        }, "chromium-output");
        reader.setDaemon(true);
        reader.start();
        int found;
        try {
            found = port.get(STARTUP_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            found = -1;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause());
        }
        if (found > 0) {
            return found;
        }
        String state = p.isAlive() ? "still running after " + STARTUP_SECONDS + " s" : "exited with status " + p.exitValue();
        p.destroyForcibly();
        throw new IOException("chromium did not start its DevTools endpoint (" + state + "); output:\n" + seen);
    }

    /** Opens {@code page} and waits for its load event. */
    public void open(Path page) throws Exception {
        loaded = new CompletableFuture<>();
        ObjectNode params = JSON.createObjectNode().put("url", page.toUri().toString());
        call("Page.navigate", params);
        loaded.get(30, TimeUnit.SECONDS);
    }

    /** Evaluates {@code expression} in the page and returns its JSON value (use JSON.stringify for objects). */
    public JsonNode evaluate(String expression) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
        JsonNode result = call("Runtime.evaluate", params);
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Saves a full-page PNG screenshot to {@code file}. */
    public void screenshot(Path file) throws Exception {
        JsonNode metrics = call("Page.getLayoutMetrics", JSON.createObjectNode());
        double height = metrics.path("cssContentSize").path("height").asDouble(2000);
        screenshot(file, height);
    }

    /** Saves a PNG screenshot of the top {@code height} CSS pixels of the page (the first screen) to {@code file}. */
    public void screenshot(Path file, double height) throws Exception {
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.putObject("clip").put("x", 0).put("y", 0).put("width", 1280).put("height", Math.min(height, 16000))
                .put("scale", 1);
        JsonNode shot = call("Page.captureScreenshot", params);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
    }

    /** Console errors, failed loads and uncaught exceptions seen so far. */
    public List<String> errors() {
        return new ArrayList<>(errors);
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).join();
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + " failed: " + r.get("error"));
        }
        return r.path("result");
    }

    private void receive(JsonNode message) {
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        String method = message.path("method").asText();
        JsonNode p = message.path("params");
        switch (method) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.exceptionThrown" -> errors.add("exception: " + p.path("exceptionDetails").path("text").asText()
                    + " " + p.path("exceptionDetails").path("exception").path("description").asText());
            case "Runtime.consoleAPICalled" -> {
                if (p.path("type").asText().equals("error")) {
                    errors.add("console.error: " + p.path("args"));
                }
            }
            case "Log.entryAdded" -> {
                if (p.path("entry").path("level").asText().equals("error")) {
                    errors.add("log: " + p.path("entry").path("text").asText() + " "
                            + p.path("entry").path("url").asText());
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // the browser is stopped below in any case
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Receives frames, reassembling fragmented messages. */
    private static final class Holder implements WebSocket.Listener {
        volatile HeadlessChromium browser;
        private final StringBuilder buffer = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                try {
                    browser.receive(JSON.readTree(text));
                } catch (IOException e) {
                    browser.errors.add("unreadable DevTools message: " + e.getMessage());
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
