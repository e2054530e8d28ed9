package dev.jmlbench.reports;

import java.util.List;

/** Writes the report's "Regressions and history" section from a {@link RegressionSection}. */
final class RegressionReport {
    private RegressionReport() {
    }

    /** Writes the section into {@code h}, its trend charts in the engines' colours of {@code palette}. */
    static void write(HtmlWriter h, RegressionSection s, EnginePalette palette) {
        h.open("section", "id", "regressions").element("h2", "Regressions and history");
        h.element("p", s.outcome(), "class", s.failed() ? "regression" : "note");
        h.element("p", "Compared with: " + Format.orMissing(s.baseline()), "class", "note");
        if (!s.hardFailures().isEmpty()) {
            h.element("h3", "Hard failures (no baseline needed)");
            h.open("ul");
            s.hardFailures().forEach(f -> h.element("li", f));
            h.close();
        }
        if (!s.notes().isEmpty()) {
            h.open("ul", "class", "note");
            s.notes().forEach(n -> h.element("li", n));
            h.close();
        }
        // figures with no baseline yet (a first run on this machine class) are counted, not listed one by one
        List<RegressionSection.Row> compared = s.rows().stream()
                .filter(r -> r.failing() || r.baseline() != null && !r.baseline().isBlank() && !r.baseline().equals("-"))
                .toList();
        int withoutBaseline = s.rows().size() - compared.size();
        if (withoutBaseline > 0) {
            h.element("p", withoutBaseline + " figure(s) have no baseline yet and are not listed.", "class", "note");
        }
        if (compared.isEmpty()) {
            h.element("p", "No figure could be compared.");
        } else {
            h.open("table").open("thead").open("tr");
            for (String head : List.of("Cell", "Status", "Baseline", "Current", "Change", "Threshold",
                    "Significance", "Confirmation")) {
                h.element("th", head, "scope", "col");
            }
            h.close().close().open("tbody");
            for (RegressionSection.Row r : compared) {
                h.open("tr", "class", r.failing() ? "regression" : null);
                h.element("th", r.cell(), "scope", "row");
                h.element("td", r.status());
                h.element("td", Format.orMissing(r.baseline()), "class", "num");
                h.element("td", Format.orMissing(r.current()), "class", "num");
                h.element("td", Format.orMissing(r.change()), "class", "num");
                h.element("td", Format.orMissing(r.threshold()), "class", "num");
                h.element("td", Format.orMissing(r.test()));
                h.element("td", Format.orMissing(r.confirmation()));
                h.close();
            }
            h.close().close();
            h.element("p", "A regression is called only when the change is in the metric's bad direction, beyond its"
                    + " threshold and significant (one-sided test on the raw iteration scores), and it fails the"
                    + " build only when a re-measurement confirms it.", "class", "note");
        }
        h.element("h3", "History");
        if (s.trends().isEmpty()) {
            h.element("p", "No history with two or more commits on this machine class yet.");
        }
        for (RegressionSection.Trend t : s.trends()) {
            TrendCharts.chart(t).ifPresent(c -> h.pngImage(c.png(palette), c.alt(), Charts.WIDTH, Charts.HEIGHT, "chart"));
        }
        if (!s.steps().isEmpty()) {
            h.element("h3", "Steps found in the history");
            h.open("table").open("thead").open("tr");
            for (String head : List.of("Cell", "Kind", "Last commit before", "First commit after", "Before", "After",
                    "Change")) {
                h.element("th", head, "scope", "col");
            }
            h.close().close().open("tbody");
            for (RegressionSection.Step st : s.steps()) {
                h.open("tr");
                h.element("th", st.cell(), "scope", "row");
                h.element("td", st.kind());
                h.element("td", st.fromCommit());
                h.element("td", st.toCommit());
                h.element("td", st.before(), "class", "num");
                h.element("td", st.after(), "class", "num");
                h.element("td", st.change(), "class", "num");
                h.close();
            }
            h.close().close();
        } else if (!s.trends().isEmpty()) {
            h.element("p", "No step found in the history.", "class", "note");
        }
        h.close();
    }
}
