package dev.jmlbench.reports;

import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * A small HTML writer that escapes everything it is given.
 *
 * <p>Text and attribute values are always escaped; tag and attribute names must be plain lower-case names and
 * event-handler ({@code on...}), {@code style} and URL-bearing attributes other than {@code href} to a
 * relative or fragment address are refused. There is deliberately no way to append a raw string: the only
 * unescaped output is the fixed style sheet {@link #CSS} and PNG images that this class base64-encodes itself.
 */
final class HtmlWriter {

    /** The report's style sheet, the only raw text this writer emits. */
    static final String CSS = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:72em;\
            padding:0 1em;color:#1b1b1b;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ccc}
            h3{margin-top:1.4em}h4{margin:.8em 0 .2em}
            table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
            th,td{border:1px solid #bbb;padding:.25em .55em;text-align:left;vertical-align:top;overflow-wrap:break-word}
td.hash{overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:.85em}
            th{background:#eef1f5}td.num{text-align:right;font-variant-numeric:tabular-nums}
            .missing{color:#666}.note{color:#555;font-size:.9em}.tally{font-weight:600}
            tr.regression td,tr.regression th,.regression{background:#fdecea}.sig,.faster,.slower{font-weight:600}.nosig,.inconclusive{color:#555}.equivalent{color:#2a5}
            ul.toc{columns:2;font-size:.92em}ul.summary>li{margin-bottom:.5em}
            details{margin:.6em 0}summary{cursor:pointer;font-weight:600}
            dl.kv{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}dl.kv dt{font-weight:600}
            dl.kv dd{margin:0;overflow-wrap:anywhere}img.chart{display:block;margin:.8em 0;max-width:100%;height:auto}
            p.run{margin:.2em 0 .4em}#overview h2{margin-top:.4em}p.legend{margin:.2em 0}            .key{padding:0 .3em;border:1px solid #bbb}table.overview{font-size:.8em;margin:.3em 0}            table.overview th,table.overview td{padding:.05em .3em;white-space:nowrap}            table.overview td.ov{text-align:right;font-variant-numeric:tabular-nums}            table.overview .first,table.overview .eng-head{border-left:2px solid #666}            th.family{text-align:center;font-weight:600}th.family.vertical{writing-mode:vertical-rl;transform:rotate(180deg);\
            padding:.2em 0}            .best{background:#cdeac0;font-weight:600}.eq{background:#e4f4dc}.behind{background:#fbd5b5}            td.inc,.key.inc{background:#ececec;color:#555;font-style:italic}td.below{background:#fbd5b5}            td.na{color:#777;text-align:center}sup{line-height:0}ol.footnotes{font-size:.8em;margin:.2em 0;padding-left:1.6em}            details.task>summary h3{display:inline}            @media print{body{margin:0;max-width:none;font-size:10pt}h2,h3{break-after:avoid}nav{display:none}\
            table,img.chart{break-inside:avoid}section.family{break-before:page}a{color:inherit}\
            a[href^="."]::after{content:" (" attr(href) ")";font-size:.85em}\
            details>summary{list-style:none}details:not([open])>summary::after{content:" (collapsed on screen)"}\
            .best,.eq,.behind,.inc,.below,.sig,.nosig,tr.regression td,tr.regression th,.regression{-webkit-print-color-adjust:exact;\
            print-color-adjust:exact}}
            """ + EnginePalette.css();

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SAFE_HREF = Pattern.compile("(#|\\./|\\.\\./|[A-Za-z0-9_%.-]+(/|$)).*");
    private static final Pattern VOID_TAGS = Pattern.compile("meta|br|img|hr|col");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final StringBuilder out = new StringBuilder("<!DOCTYPE html>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /** Opens {@code tag} with attributes given as name, value pairs; close it with {@link #close()}. */
    HtmlWriter open(String tag, String... attributes) {
        startTag(tag, attributes);
        open.push(tag);
        return this;
    }

    /** Closes the most recently opened element. */
    HtmlWriter close() {
        if (open.isEmpty()) {
            throw new IllegalStateException("no open element to close");
        }
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Writes an element containing only {@code text}, escaped. */
    HtmlWriter element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close();
    }

    /** Writes an element that has no content and no end tag ({@code br}, {@code meta}, ...). */
    HtmlWriter empty(String tag, String... attributes) {
        if (!VOID_TAGS.matcher(tag).matches()) {
            throw new IllegalArgumentException("not a void element: " + tag);
        }
        startTag(tag, attributes);
        return this;
    }

    /** Writes escaped text; {@code null} writes nothing. */
    HtmlWriter text(String text) {
        if (text != null) {
            escape(text, out);
        }
        return this;
    }

    /** Writes the fixed style sheet {@link #CSS}. */
    HtmlWriter styleSheet() {
        out.append("<style>\n").append(CSS).append("</style>");
        return this;
    }

    /** Writes an {@code <img>} holding {@code png} as a base64 data URI, with alt text and explicit size. */
    HtmlWriter pngImage(byte[] png, String alt, int width, int height, String cssClass) {
        if (png.length < PNG_SIGNATURE.length) {
            throw new IllegalArgumentException("not a PNG image: " + png.length + " bytes");
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (png[i] != PNG_SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG image: bad signature");
            }
        }
        if (alt == null || alt.isBlank()) {
            throw new IllegalArgumentException("an image needs alt text");
        }
        out.append("<img src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png))
                .append('"');
        attribute("alt", alt);
        attribute("width", Integer.toString(width));
        attribute("height", Integer.toString(height));
        attribute("class", cssClass);
        out.append('>');
        return this;
    }

    /** The document; every opened element must have been closed. */
    /** A table with a header row of {@code headers} and the rows {@code body} writes. */
    HtmlWriter table(java.util.List<String> headers, Runnable body) {
        open("table").open("thead").open("tr");
        headers.forEach(head -> element("th", head, "scope", "col"));
        close().close().open("tbody");
        body.run();
        return close().close();
    }

    /** A table row of text cells; a null or blank value shows as {@link Format#MISSING}. */
    HtmlWriter row(String... values) {
        open("tr");
        for (String v : values) {
            element("td", Format.orMissing(v));
        }
        return close();
    }

    /** A list item with a link to {@code href} named {@code text}, followed by {@code description}. */
    HtmlWriter linkItem(String href, String text, String description) {
        return open("li").element("a", text, "href", href).text(description).close();
    }

    /** A term and its value in a definition list; a missing value shows as {@link Format#MISSING}. */
    HtmlWriter definition(String term, String value) {
        return element("dt", term).element("dd", Format.orMissing(value));
    }

    String finish() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.append('\n').toString();
    }

    private void startTag(String tag, String... attributes) {
        checkName(tag, "tag");
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes must come in name, value pairs");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            attribute(attributes[i], attributes[i + 1]);
        }
        out.append('>');
    }

    private void attribute(String name, String value) {
        checkName(name, "attribute");
        if (name.startsWith("on") || name.equals("style") || name.equals("src") || name.equals("srcdoc")
                || name.equals("action") || name.equals("formaction")) {
            throw new IllegalArgumentException("attribute not allowed: " + name);
        }
        if (value == null) {
            return;
        }
        if (name.equals("href") && !SAFE_HREF.matcher(value).matches()) {
            throw new IllegalArgumentException("only relative links are allowed, got " + value);
        }
        out.append(' ').append(name).append("=\"");
        escape(value, out);
        out.append('"');
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid " + what + " name: " + name);
        }
    }

    /** Escapes the five HTML-significant characters and replaces control characters HTML does not allow. */
    static void escape(CharSequence s, StringBuilder to) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> to.append("&amp;");
                case '<' -> to.append("&lt;");
                case '>' -> to.append("&gt;");
                case '"' -> to.append("&quot;");
                case '\'' -> to.append("&#39;");
                default -> {
                    if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7f) {
                        to.append('\uFFFD');
                    } else {
                        to.append(c);
                    }
                }
            }
        }
    }
}
