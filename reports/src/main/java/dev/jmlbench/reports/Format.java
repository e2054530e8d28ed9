package dev.jmlbench.reports;

import dev.jmlbench.core.results.Names;
import dev.jmlbench.core.task.QualityTarget;
import dev.jmlbench.reports.stats.Interval;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** How numbers and small structures are written for people; locale-independent. */
final class Format {
    /** Shown for a value that is not there. */
    static final String MISSING = "\u2014";

    private Format() {
    }

    /**
     * A number with about four significant digits: {@code 12,346}, {@code 123.5}, {@code 1.235},
     * {@code 0.01235}, {@code 1.23e-05}.
     */
    static String number(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0) {
            return "0";
        }
        double a = Math.abs(x);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", x);
        }
        if (a < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", x);
        }
        int decimals = Math.max(0, 3 - (int) Math.floor(Math.log10(a)));
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }

    /** A fraction as a percentage with two decimals: {@code 0.96667} is {@code 96.67 %}. */
    static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f %%", fraction * 100) : "NaN";
    }

    /** A ratio such as {@code 1.52×}. */
    static String factor(double ratio) {
        return String.format(Locale.ROOT, "%.2f\u00d7", ratio);
    }

    /** A value with its 99.9% half-width when known: {@code 12,346 ± 235}. */
    static String withError(double value, Double error) {
        return isKnown(error) ? number(value) + " \u00b1 " + number(error) : number(value);
    }

    /**
     * A figure with its confidence interval: {@code 12,346 ± 235 samples/s} when symmetric,
     * {@code 12,346 (12,001 to 12,900) samples/s} when not (a bootstrap), the bare figure without one.
     */
    static String interval(Interval i, String unit) {
        String u = unit == null || unit.isBlank() ? "" : " " + unit;
        if (!i.known()) {
            return number(i.estimate()) + u;
        }
        if (i.symmetric()) {
            return number(i.estimate()) + " \u00b1 " + number(i.halfWidth()) + u;
        }
        return number(i.estimate()) + " (" + number(i.low()) + " to " + number(i.high()) + ")" + u;
    }

    /** A confidence level as {@code 95%} or {@code 99.9%}. */
    static String level(double level) {
        double pct = level * 100;
        return (pct == Math.rint(pct) ? String.format(Locale.ROOT, "%.0f", pct)
                : String.format(Locale.ROOT, "%.1f", pct)) + "%";
    }

    /**
     * A quality figure as people read it: fractions (accuracy, macro-F1) as percentages, R2 as a plain number,
     * bits per character and RMSE with their unit.
     */
    static String quality(String metric, double value, String unit) {
        if (Names.METRIC_ACCURACY.equals(metric) || Names.METRIC_MACRO_F1.equals(metric)
                || Names.UNIT_FRACTION.equals(unit) && !Names.METRIC_R2.equals(metric)) {
            return percent(value);
        }
        if (Names.METRIC_R2.equals(metric)) {
            return "R\u00b2 " + number(value);
        }
        if (Names.METRIC_BITS_PER_CHARACTER.equals(metric)) {
            return number(value) + " bits/char";
        }
        if (Names.METRIC_RMSE.equals(metric)) {
            return "RMSE " + number(value) + (unit == null || unit.isBlank() || Names.UNIT_TARGET.equals(unit) ? ""
                    : " " + unit);
        }
        return number(value) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }

    /** A metric's name for people: {@code accuracy}, {@code R²}, {@code RMSE}, {@code bits per character}. */
    static String metricName(String metric) {
        if (metric == null) {
            return MISSING;
        }
        return switch (metric) {
            case Names.METRIC_R2 -> "R\u00b2";
            case Names.METRIC_RMSE -> "RMSE";
            case Names.METRIC_BITS_PER_CHARACTER -> "bits per character";
            case Names.METRIC_MACRO_F1 -> "macro-F1";
            default -> metric;
        };
    }

    /** A quality target for people: {@code accuracy \u2265 90.00 %}, {@code RMSE \u2264 0.5000}. */
    static String target(QualityTarget t) {
        String metric = t.metric().resultName();
        String value = t.metric() == QualityTarget.Metric.ACCURACY ? percent(t.threshold())
                : Names.METRIC_BITS_PER_CHARACTER.equals(metric) ? number(t.threshold()) + " bits/char"
                : number(t.threshold());
        return metricName(metric) + (t.metric().higherIsBetter() ? " \u2265 " : " \u2264 ") + value;
    }

    /** Bytes in binary units: {@code 512 B}, {@code 1.5 KiB}, {@code 12.3 MiB}, {@code 2.0 GiB}. */
    static String bytes(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** A figure with its unit, bytes in binary units. */
    static String withUnit(double value, String unit) {
        if (Names.UNIT_BYTES.equals(unit)) {
            return bytes(value);
        }
        return number(value) + (unit == null || unit.isBlank() ? "" : " " + unit);
    }

    /** A fitted exponent with its standard error: {@code 1.30 ± 0.02}. */
    static String exponent(double value, Double error) {
        return String.format(Locale.ROOT, "%.2f", value)
                + (isKnown(error) ? String.format(Locale.ROOT, " \u00b1 %.2f", error) : "");
    }

    /** Whether an optional figure is present and finite. */
    static boolean isKnown(Double d) {
        return d != null && Double.isFinite(d);
    }

    /** Bytes in GiB: {@code 15.5 GiB}. */
    static String gibibytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    /** A map as {@code a=1, b=2}, sorted by key; {@link #MISSING} when empty. */
    static String map(Map<String, String> map) {
        if (map == null || map.isEmpty()) {
            return MISSING;
        }
        return new TreeMap<>(map).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }

    /** {@code s}, or {@link #MISSING} when null or blank. */
    static String orMissing(String s) {
        return s == null || s.isBlank() ? MISSING : s;
    }
}
