package dev.jmlbench.reports;

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
