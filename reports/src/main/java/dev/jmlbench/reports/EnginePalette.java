package dev.jmlbench.reports;

import dev.jmlbench.core.results.CellStatus;
import dev.jmlbench.core.results.Measurement;
import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.results.RunResults;
import org.knowm.xchart.style.markers.Marker;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * One colour and one marker per engine, the same in every chart, table and legend of a report: the engine ids of
 * the run, sorted, index the colour-blind-safe colours and the markers of {@link ChartKit} (so that engines stay
 * apart in grey print too). Chart series that belong to no engine (a Pareto front, a recurrent cell) are drawn in
 * neutral greys. Tables and legends use the CSS classes {@code eng0}, {@code eng1}, ... of {@link HtmlWriter#CSS}.
 */
final class EnginePalette {
    /** Colours of series that belong to no engine: black and greys, each with its own marker. */
    static final Color[] NEUTRAL = {new Color(0x000000), new Color(0x5A5A5A), new Color(0x9A9A9A)};
    /** The shape of each of {@link ChartKit#MARKERS} as a character, for swatches in tables and legends. */
    static final String[] MARKER_GLYPHS = {"\u25CF", "\u25A0", "\u25C6", "\u25B2", "\u25BC", "\u2715", "+",
        "\u2B2C", "\u25AC", "\u23E2"};

    private final List<String> engines;

    private EnginePalette(Collection<String> engines) {
        TreeSet<String> sorted = new TreeSet<>();
        for (String e : engines) {
            if (e != null && !e.isBlank() && !Names.ENGINE_MACHINE.equals(e)) {
                sorted.add(e);
            }
        }
        this.engines = List.copyOf(sorted);
    }

    /** The palette of the given engine ids (blank ones and the machine's calibration "engine" left out). */
    static EnginePalette of(Collection<String> engineIds) {
        return new EnginePalette(engineIds);
    }

    /**
     * The palette of every engine a run names: opened engines, engines of figures and of cell outcomes; the machine's
     * calibration figures name no engine (older runs recorded them under "none"), so that a colour depends only on
     * the engines that ran.
     */
    static EnginePalette of(RunResults... runs) {
        List<String> ids = new ArrayList<>();
        for (RunResults r : runs) {
            r.engines().forEach(e -> ids.add(e.id()));
            r.measurements().stream().filter(m -> !Names.SCENARIO_CALIBRATION.equals(m.scenario()))
                    .map(Measurement::engine).forEach(ids::add);
            r.cells().stream().map(CellStatus::engine).forEach(ids::add);
        }
        return new EnginePalette(ids);
    }

    /** The engines of this palette, sorted. */
    List<String> engines() {
        return engines;
    }

    /** The engine's position in the palette, or -1 when it has none. */
    int index(String engine) {
        int i = engines.indexOf(engine);
        return i < 0 ? -1 : i % ChartKit.COLORS.length;
    }

    /** The engine's colour; neutral black when it has none. */
    Color color(String engine) {
        int i = index(engine);
        return i < 0 ? NEUTRAL[0] : ChartKit.COLORS[i];
    }

    /** The engine's marker; a circle when it has none. */
    Marker marker(String engine) {
        int i = index(engine);
        return ChartKit.MARKERS[Math.max(i, 0) % ChartKit.MARKERS.length];
    }

    /** The engine's marker as a character. */
    String glyph(String engine) {
        int i = index(engine);
        return MARKER_GLYPHS[Math.max(i, 0) % MARKER_GLYPHS.length];
    }

    /** The CSS class that colours the engine's swatch and name ({@code eng0} ...); {@code eng-none} without one. */
    String cssClass(String engine) {
        int i = index(engine);
        return i < 0 ? "eng-none" : "eng" + i;
    }

    /**
     * The engine a chart series belongs to: the longest engine id the series name is or starts with, followed by a
     * space, comma, colon or parenthesis ("reference", "djl gpu", "dl4j, threads 4", "tribuo: b = 1.1"); null for
     * series of no engine.
     */
    String engineOf(String seriesName) {
        if (seriesName == null) {
            return null;
        }
        String best = null;
        for (String e : engines) {
            if (seriesName.equals(e) || seriesName.startsWith(e) && seriesName.length() > e.length()
                    && " ,:(".indexOf(seriesName.charAt(e.length())) >= 0) {
                if (best == null || e.length() > best.length()) {
                    best = e;
                }
            }
        }
        return best;
    }

    /** The colour as CSS hex, {@code #0072b2}. */
    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%06x", c.getRGB() & 0xffffff);
    }

    /** The fixed style rules of the engine classes {@code eng0} ... (from constants only, never from data). */
    static String css() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ChartKit.COLORS.length; i++) {
            String c = hex(ChartKit.COLORS[i]);
            sb.append(".sw.eng").append(i).append("{color:").append(c).append("}");
        }
        sb.append(".sw{font-size:1.05em;margin-right:.25em;print-color-adjust:exact;-webkit-print-color-adjust:exact}"
                + ".sw.eng-none{color:#000}\n");
        return sb.toString();
    }

    /** Writes the engine's swatch (its marker in its colour) followed by its name. */
    void swatch(HtmlWriter h, String engine, String name) {
        h.element("span", glyph(engine), "class", "sw " + cssClass(engine), "aria-hidden", "true");
        h.text(name);
    }

    /** Writes a table cell with the engine's swatch and id. */
    void engineCell(HtmlWriter h, String engine) {
        h.open("td");
        swatch(h, engine, Format.orMissing(engine));
        h.close();
    }
}
