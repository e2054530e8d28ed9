package dev.jmlbench.reports;

import dev.jmlbench.core.engine.DeviceStatus;
import dev.jmlbench.core.engine.EngineInfo;
import dev.jmlbench.core.env.EnvironmentInfo;
import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report's sections about the run rather than its figures: the environment and fairness checks with the
 * engines, the cells that did not end OK, the datasets' provenance and the files beside the report. Each writes
 * one {@code <section>} from the results alone.
 */
final class RunSections {
    private RunSections() {
    }

    static void environment(HtmlWriter h, RunResults results) {
        EnvironmentInfo env = results.environment();
        h.open("section", "id", "environment").element("h2", "Environment and fairness");
        if (env == null) {
            h.element("p", "The results do not describe the environment.");
        } else {
            h.open("dl", "class", "kv");
            h.definition("CPU", env.cpuModel());
            h.definition("CPU identity", env.cpuId());
            h.definition("CPU flags", String.join(" ", env.cpuFlags()));
            h.definition("Logical cores", Integer.toString(env.logicalCores()));
            h.definition("Memory", Format.gibibytes(env.memoryBytes()));
            h.definition("OS", env.os());
            h.definition("JVM", env.jvm());
            h.definition("JVM flags", String.join(" ", env.jvmFlags()));
            h.definition("Thread settings", Format.map(env.threadSettings()));
            h.definition("Git commit", env.gitCommit());
            h.definition("Started (UTC)", env.timestamp());
            h.close();
        }
        h.element("h3", "Fairness checks");
        h.open("ul", "class", "fairness");
        fairness(results).forEach(line -> h.element("li", line));
        h.close();
        h.element("h3", "Engines");
        if (results.engines().isEmpty()) {
            h.element("p", "No engine was opened.");
        } else {
            h.table(List.of("Id", "Name", "Library version", "Native version", "Thread settings applied", "Devices"),
                    () -> results.engines().forEach(e -> engineRow(h, e)));
        }
        h.close();
    }

    /** Plain statements of whether the engines were measured alike. */
    private static List<String> fairness(RunResults results) {
        List<String> out = new ArrayList<>();
        List<Measurement> timed = results.measurements().stream()
                .filter(m -> !Names.SCENARIO_QUALITY.equals(m.scenario()) && !ParityTable.SCENARIO.equals(m.scenario()))
                .toList();
        Map<String, Set<String>> threads = new LinkedHashMap<>();
        results.measurements().stream().filter(m -> m.params().containsKey(Names.PARAM_THREADS))
                .forEach(m -> threads.computeIfAbsent(m.engine(), k -> new LinkedHashSet<>())
                        .add(m.params().get(Names.PARAM_THREADS)));
        Set<String> allThreads = new LinkedHashSet<>();
        threads.values().forEach(allThreads::addAll);
        if (threads.isEmpty()) {
            out.add("Thread budget: no figure records its thread count.");
        } else if (allThreads.size() == 1) {
            out.add("Thread budget: every figure that records it was measured with threads = "
                    + allThreads.iterator().next() + "; each engine's own thread settings are listed under Engines.");
        } else {
            List<String> parts = new ArrayList<>();
            threads.forEach((e, t) -> parts.add(e + ": " + String.join(", ", t)));
            out.add("Thread budget differs between figures (" + String.join("; ", parts) + "): compare only figures"
                    + " with the same thread count; the tables and charts name it.");
        }
        Set<String> runs = new LinkedHashSet<>();
        timed.stream().filter(m -> m.params().containsKey(Names.PARAM_FORKS) || m.params().containsKey(Names.PARAM_PRESET))
                .forEach(m -> runs.add("forks " + Format.orMissing(m.params().get(Names.PARAM_FORKS)) + ", preset "
                        + Format.orMissing(m.params().get(Names.PARAM_PRESET))));
        if (!runs.isEmpty()) {
            out.add("JMH settings of the timed figures: " + String.join("; ", runs) + ".");
        }
        List<String> shas = new ArrayList<>();
        Map<String, Set<String>> byTask = new LinkedHashMap<>();
        results.measurements().stream().filter(m -> m.dataset() != null && m.dataset().sha256() != null)
                .forEach(m -> byTask.computeIfAbsent(m.task(), k -> new LinkedHashSet<>()).add(m.dataset().sha256()));
        byTask.forEach((task, s) -> {
            if (s.size() > 1) {
                shas.add(task);
            }
        });
        out.add(shas.isEmpty() ? "Data: within each task every engine's figures name the same dataset file"
                + " (SHA-256) and split." : "Data: the figures of " + String.join(", ", shas) + " name more than one"
                + " dataset file; their engines did not see the same data.");
        long below = timed.stream().filter(m -> Boolean.FALSE.equals(m.qualityMet())).count();
        out.add(below == 0 ? "Quality gate: no timed figure comes from a model below its task's quality target."
                : below + " timed figure(s) come from models below their task's quality target; they are marked in"
                + " the tables.");
        Set<String> devices = new LinkedHashSet<>();
        results.measurements().forEach(m -> devices.add(Format.orMissing(m.device())));
        if (!devices.isEmpty()) {
            out.add("Devices measured: " + String.join(", ", devices) + "; engines are compared only on the same"
                    + " device.");
        }
        return out;
    }

    private static void engineRow(HtmlWriter h, EngineInfo e) {
        h.open("tr");
        h.element("td", Format.orMissing(e.id()));
        h.element("td", Format.orMissing(e.displayName()));
        h.element("td", Format.orMissing(e.libraryVersion()));
        h.element("td", Format.orMissing(e.nativeVersion()));
        h.element("td", Format.map(e.threads()));
        h.open("td");
        if (e.devices().isEmpty()) {
            h.text(Format.MISSING);
        }
        for (int i = 0; i < e.devices().size(); i++) {
            DeviceStatus d = e.devices().get(i);
            if (i > 0) {
                h.empty("br");
            }
            h.text(d.device() + ": " + (d.available() ? "available"
                    : "skipped" + (TaskView.isBlank(d.reason()) ? "" : ": " + d.reason())));
        }
        h.close().close();
    }

    static void cells(HtmlWriter h, RunResults results) {
        h.open("section", "id", "cells").element("h2", "Failed, skipped, unsupported and below-target cells");
        List<CellStatus> notOk = results.cells().stream().filter(c -> c.status() != CellStatus.Status.OK).toList();
        if (notOk.isEmpty()) {
            h.element("p", results.cells().isEmpty() ? "No cell outcomes were recorded."
                    : "Every cell ran and met its quality target.");
        } else {
            h.table(List.of("Task", "Engine", "Device", "Stage", "Status", "Reason"), () -> notOk.forEach(c -> h.row(
                    TaskView.isBlank(c.task()) ? "all tasks" : c.task(), c.engine(), c.device(), c.stage(),
                    c.status() == null ? null : c.status().name(), c.reason())));
        }
        List<String> unavailable = new ArrayList<>();
        for (EngineInfo e : results.engines()) {
            for (DeviceStatus d : e.devices()) {
                if (!d.available()) {
                    unavailable.add(e.id() + " on " + d.device() + ": skipped"
                            + (TaskView.isBlank(d.reason()) ? "" : " (" + d.reason() + ")"));
                }
            }
        }
        if (!unavailable.isEmpty()) {
            h.element("p", "Devices not used by an engine in this run:", "class", "note");
            h.open("ul");
            unavailable.forEach(u -> h.element("li", u));
            h.close();
        }
        h.close();
    }

    static void datasets(HtmlWriter h, RunResults results) {
        h.open("section", "id", "datasets").element("h2", "Datasets");
        if (results.datasets().isEmpty()) {
            h.element("p", "No dataset provenance was recorded.");
        } else {
            h.table(List.of("Id", "Source", "Licence", "SHA-256", "Synthetic"), () -> results.datasets().forEach(d -> {
                h.open("tr");
                h.element("td", Format.orMissing(d.id()));
                h.element("td", Format.orMissing(d.source()));
                h.element("td", Format.orMissing(d.licence()));
                h.element("td", Format.orMissing(d.sha256()), "class", "hash");
                h.element("td", d.synthetic() ? "yes (generated data)" : "no");
                h.close();
            }));
        }
        h.close();
    }

    static void files(HtmlWriter h, Path resultsJsonFile, Path outDir) {
        h.open("section", "id", "files").element("h2", "Files").open("ul");
        h.linkItem(relative(outDir, resultsJsonFile), resultsJsonFile.getFileName().toString(),
                " \u2014 every figure of this run, with its spread and provenance (raw JSON)");
        Path jmh = resultsJsonFile.toAbsolutePath().resolveSibling(ReportGenerator.JMH_JSON);
        if (Files.exists(jmh)) {
            h.linkItem(relative(outDir, jmh), ReportGenerator.JMH_JSON, " \u2014 JMH's own results");
        } else {
            h.element("li", ReportGenerator.JMH_JSON + ": not present next to " + resultsJsonFile.getFileName());
        }
        h.linkItem(ReportGenerator.RESULTS_CSV, ReportGenerator.RESULTS_CSV, " \u2014 the measurements as CSV, one row each");
        h.close().close();
    }

    /** {@code target} relative to {@code dir}, as a percent-encoded relative URL. */
    static String relative(Path dir, Path target) {
        Path rel = dir.toAbsolutePath().normalize().relativize(target.toAbsolutePath().normalize());
        List<String> parts = new ArrayList<>();
        rel.forEach(p -> parts.add(p.toString()));
        String path = String.join("/", parts);
        try {
            // "./" keeps a first segment with a colon from reading as a scheme
            return new URI(null, null, path.startsWith("../") ? path : "./" + path, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot link to " + target, e);
        }
    }
}
