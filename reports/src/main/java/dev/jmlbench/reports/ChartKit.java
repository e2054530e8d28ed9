package dev.jmlbench.reports;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What every chart shares: size, colours and markers that stay distinct in grey print, PNG encoding, and guards
 * that keep XChart away from the values it cannot draw (nulls, NaN, and zero or negative values on a logarithmic
 * axis, which made it throw or draw nothing).
 */
final class ChartKit {
    /** Colour-blind-safe palette (Okabe and Ito), then two more. */
    static final Color[] COLORS = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
        new Color(0xD55E00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442),
        new Color(0x7F7F7F), new Color(0x8C564B)};
    static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
        SeriesMarkers.OVAL, SeriesMarkers.RECTANGLE, SeriesMarkers.TRAPEZOID};
    /** A spread beyond this factor gets a logarithmic axis. */
    static final double LOG_SPAN = 20;

    private ChartKit() {
    }

    static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(7);
        return chart;
    }

    static CategoryChart bars(String title, String xTitle, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setErrorBarsColor(Color.BLACK);
        return chart;
    }

    private static void style(AxesChartStyler styler) {
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(new Color(0xBBBBBB));
        styler.setSeriesColors(COLORS);
        styler.setSeriesMarkers(MARKERS);
        styler.setAntiAlias(true);
        styler.setPlotGridLinesColor(new Color(0xDDDDDD));
        styler.setLocale(java.util.Locale.ROOT);
    }

    /** Whether the finite, positive values span more than {@link #LOG_SPAN}; false when any is zero or negative. */
    static boolean wantsLog(Collection<Double> values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (Double v : values) {
            if (v == null || !Double.isFinite(v)) {
                continue;
            }
            if (v <= 0) {
                return false;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min != Double.POSITIVE_INFINITY && max / min > LOG_SPAN;
    }

    /** Whether a value can be drawn on an axis (finite, and positive on a logarithmic one). */
    static boolean drawable(Double v, boolean log) {
        return v != null && Double.isFinite(v) && (!log || v > 0);
    }

    /**
     * Adds a series of the drawable (x, y) points and returns it; returns null, adding nothing, when none is left.
     * Points are sorted by x so that a line does not double back.
     */
    static XYSeries addXY(XYChart chart, String name, List<Double> xs, List<Double> ys, boolean logX, boolean logY) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < Math.min(xs.size(), ys.size()); i++) {
            if (drawable(xs.get(i), logX) && drawable(ys.get(i), logY)) {
                points.add(new double[] {xs.get(i), ys.get(i)});
            }
        }
        if (points.isEmpty()) {
            return null;
        }
        points.sort((a, b) -> Double.compare(a[0], b[0]));
        double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
        double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
        return chart.addSeries(unique(chart, name), x, y);
    }

    /**
     * Makes the x axis of an XY chart a category axis: category i (from 0) sits at x = i and is labelled with its
     * name; every other tick gets a distinct blank label (XChart thins the ticks until their labels are distinct,
     * so equal blanks would leave only the two ends).
     */
    static void categoryAxis(XYChart chart, List<String> names) {
        chart.getStyler().setXAxisMin(-0.5);
        chart.getStyler().setXAxisMax(names.size() - 0.5);
        chart.getStyler().setPlotGridVerticalLinesVisible(false);
        chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> {
            long r = Math.round(x);
            if (Math.abs(x - r) < 1e-3 && r >= 0 && r < names.size()) {
                return names.get((int) r);
            }
            // short, so that XChart does not judge the labels too wide and thin them out
            return " ".repeat(1 + (int) Math.round(Math.abs(x) * 2));
        });
    }

    /** Sets a logarithmic y axis on a bar chart, whose bars need an explicit positive floor (else it throws). */
    static void logBars(CategoryChart chart, double minValue) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(minValue))));
    }

    /**
     * Number formats that suit the data (grouped digits, no "1E4"; scientific only for very small or large values)
     * and, on a linear axis where every value is equal, a range around the value instead of XChart's single label
     * with every digit. Formats and ranges the caller set are kept.
     */
    static void tidy(Chart<?, ?> chart) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        if (chart instanceof XYChart xy) {
            for (XYSeries s : xy.getSeriesMap().values()) {
                for (double v : s.getXData()) {
                    xs.add(v);
                }
                for (double v : s.getYData()) {
                    ys.add(v);
                }
            }
        } else if (chart instanceof CategoryChart c) {
            c.getSeriesMap().values().forEach(s -> s.getYData().forEach(n -> {
                if (n != null) {
                    ys.add(n.doubleValue());
                }
            }));
        }
        AxesChartStyler styler = (AxesChartStyler) chart.getStyler();
        // under about a decade and a half, decade-only labels leave one label or none
        styler.setYAxisLogarithmicDecadeOnly(span(ys) > 30);
        styler.setXAxisLogarithmicDecadeOnly(span(xs) > 8); // x labels are wider: they collide sooner
        fitLegend(chart);
        if (chart instanceof XYChart xy) {
            for (XYSeries s : xy.getSeriesMap().values()) {
                if (s.getXData().length > 40 && s.getXYSeriesRenderStyle() != XYSeries.XYSeriesRenderStyle.Scatter) {
                    s.setMarker(SeriesMarkers.NONE); // a marker per point would draw a thick band
                }
            }
        }
        if (styler.getYAxisDecimalPattern() == null) {
            styler.setYAxisDecimalPattern(pattern(ys));
        }
        if (chart instanceof XYChart && styler.getXAxisDecimalPattern() == null) {
            styler.setXAxisDecimalPattern(pattern(xs));
        }
        if (chart instanceof XYChart && !styler.isYAxisLogarithmic() && styler.getYAxisMin() == null
                && styler.getYAxisMax() == null) {
            double min = ys.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(0);
            double max = ys.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).max().orElse(0);
            if (!ys.isEmpty() && max - min <= 1e-9 * Math.max(1, Math.abs(max))) {
                double pad = Math.max(Math.abs(max) * 0.02, 1e-6);
                styler.setYAxisMin(min - pad);
                styler.setYAxisMax(max + pad);
            }
        }
    }

    /** max / min of the finite positive values; 1 when there are none. */
    private static double span(List<Double> values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (Double.isFinite(v) && v > 0) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min == Double.POSITIVE_INFINITY ? 1 : max / min;
    }

    /**
     * A legend below the chart that would not fit its width (XChart cuts it off) goes to the right, one entry a
     * line; the estimate is generous (7 pixels a character, 45 per entry for its marker and gaps).
     */
    private static void fitLegend(Chart<?, ?> chart) {
        Styler styler = chart.getStyler();
        if (!styler.isLegendVisible() || styler.getLegendPosition() != Styler.LegendPosition.OutsideS) {
            return;
        }
        int width = 0;
        for (String name : chart.getSeriesMap().keySet()) {
            width += 45 + 7 * name.length();
        }
        if (width > chart.getWidth() - 40) {
            styler.setLegendPosition(Styler.LegendPosition.OutsideE);
            styler.setLegendLayout(Styler.LegendLayout.Vertical);
        }
    }

    /**
     * Writes labels next to points, a little above each (by {@code offset} in y units, or by 12% on a logarithmic
     * y axis) so that the marker stays visible; points at the same place share one label.
     */
    static void labels(XYChart chart, List<String> texts, List<Double> xs, List<Double> ys, boolean logY,
                       double offset) {
        java.util.Map<String, java.util.List<Integer>> at = new java.util.LinkedHashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            at.computeIfAbsent(Double.toString(xs.get(i)) + "/" + ys.get(i), k -> new ArrayList<>()).add(i);
        }
        for (java.util.List<Integer> same : at.values()) {
            int i = same.get(0);
            String text = String.join(", ", new java.util.LinkedHashSet<>(same.stream().map(texts::get).toList()));
            double y = logY ? ys.get(i) * 1.12 : ys.get(i) + offset;
            chart.addAnnotation(new org.knowm.xchart.AnnotationText(text, xs.get(i), y, false));
        }
    }

    /** A decimal pattern for values: grouped with up to four decimals, or scientific beyond 1e9 or below 1e-3. */
    static String pattern(List<Double> values) {
        double minAbs = Double.POSITIVE_INFINITY;
        double maxAbs = 0;
        for (double v : values) {
            if (Double.isFinite(v) && v != 0) {
                minAbs = Math.min(minAbs, Math.abs(v));
                maxAbs = Math.max(maxAbs, Math.abs(v));
            }
        }
        if (maxAbs >= 1e9 || minAbs < 1e-3 && minAbs != Double.POSITIVE_INFINITY) {
            return "0.##E0";
        }
        return "#,##0.####";
    }

    /** Series names must be distinct in XChart: a repeated name gets " (2)", " (3)", ... */
    static String unique(Chart<?, ?> chart, String name) {
        String n = name == null || name.isBlank() ? "series" : name;
        String candidate = n;
        for (int i = 2; chart.getSeriesMap().containsKey(candidate); i++) {
            candidate = n + " (" + i + ")";
        }
        return candidate;
    }

    /** Most colours a chart's PNG keeps (an indexed palette; antialiased edges snap to the nearest kept colour). */
    static final int PNG_COLOURS = 20;

    /**
     * The chart as PNG bytes: the single rendering point of every chart in the reports. Each series that belongs to
     * an engine gets that engine's colour and marker from {@code palette}, other series neutral greys; number
     * formats and degenerate ranges are tidied; the image is written with an indexed palette of at most
     * {@link #PNG_COLOURS} colours and the strongest compression (a quarter of the size of a true-colour PNG).
     */
    static byte[] png(Chart<?, ?> chart, EnginePalette palette) {
        colour(chart, palette);
        tidy(chart);
        return compressedPng(BitmapEncoder.getBufferedImage(chart));
    }

    /** Applies the engine colours and markers of {@code palette} to every series of the chart. */
    static void colour(Chart<?, ?> chart, EnginePalette palette) {
        int neutral = 0;
        for (Object o : chart.getSeriesMap().values()) {
            if (!(o instanceof org.knowm.xchart.internal.series.MarkerSeries s)) {
                continue;
            }
            String engine = palette.engineOf(s.getName());
            Color color;
            Marker marker;
            if (engine != null) {
                color = palette.color(engine);
                marker = palette.marker(engine);
            } else {
                if (s.getLineColor() != null) {
                    continue; // a series the chart coloured itself (the Pareto front)
                }
                color = EnginePalette.NEUTRAL[neutral % EnginePalette.NEUTRAL.length];
                marker = MARKERS[(MARKERS.length - 1 - neutral % MARKERS.length)];
                neutral++;
            }
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setFillColor(color);
            if (s.getMarker() == null) {
                s.setMarker(marker);
            }
        }
    }

    /** The image as an indexed-colour PNG of its most frequent colours (each other pixel takes the nearest). */
    static byte[] compressedPng(java.awt.image.BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int v : rgb) {
            counts.merge(v & 0xffffff, 1, Integer::sum);
        }
        // the series colours first, exactly, so that every engine keeps its colour; then the most frequent others
        List<Integer> kept = new ArrayList<>();
        for (Color c : COLORS) {
            int v = c.getRGB() & 0xffffff;
            if (counts.containsKey(v) && !kept.contains(v)) {
                kept.add(v);
            }
        }
        counts.entrySet().stream()
                .sorted(java.util.Map.Entry.<Integer, Integer>comparingByValue().reversed()
                        .thenComparing(java.util.Map.Entry.comparingByKey()))
                .map(java.util.Map.Entry::getKey).filter(v -> !kept.contains(v))
                .limit(Math.max(0, PNG_COLOURS - kept.size())).forEach(kept::add);
        int n = kept.size();
        byte[] r = new byte[n];
        byte[] g = new byte[n];
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int v = kept.get(i);
            r[i] = (byte) (v >> 16);
            g[i] = (byte) (v >> 8);
            b[i] = (byte) v;
        }
        java.awt.image.IndexColorModel cm = new java.awt.image.IndexColorModel(8, n, r, g, b);
        java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h,
                java.awt.image.BufferedImage.TYPE_BYTE_INDEXED, cm);
        java.awt.image.WritableRaster raster = out.getRaster();
        java.util.Map<Integer, Integer> nearest = new java.util.HashMap<>();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = rgb[y * w + x] & 0xffffff;
                raster.setSample(x, y, 0, nearest.computeIfAbsent(v, q -> closest(q, kept)));
            }
        }
        try (java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
             javax.imageio.stream.ImageOutputStream ios = javax.imageio.ImageIO.createImageOutputStream(bytes)) {
            javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("png").next();
            javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0f); // strongest deflate
            writer.setOutput(ios);
            writer.write(null, new javax.imageio.IIOImage(out, null, null), param);
            writer.dispose();
            ios.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart as PNG", e);
        }
    }

    private static int closest(int q, List<Integer> colours) {
        int best = 0;
        long bestD = Long.MAX_VALUE;
        for (int i = 0; i < colours.size(); i++) {
            int t = colours.get(i);
            long dr = ((t >> 16) & 255) - ((q >> 16) & 255);
            long dg = ((t >> 8) & 255) - ((q >> 8) & 255);
            long db = (t & 255) - (q & 255);
            long d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }
}
