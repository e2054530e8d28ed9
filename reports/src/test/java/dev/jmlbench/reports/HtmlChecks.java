package dev.jmlbench.reports;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Structural checks of rendered HTML, independent of the writer: tag nesting and every image's data. */
final class HtmlChecks {
    private static final Pattern TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>");
    private static final Pattern IMG_TAG = Pattern.compile("<img\\b[^>]*>");
    private static final Pattern SRC = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"");
    private static final Pattern ALT = Pattern.compile("alt=\"([^\"]+)\"");
    private static final Pattern SIZE = Pattern.compile("width=\"(\\d+)\" height=\"(\\d+)\"");
    private static final Set<String> VOID = Set.of("meta", "br", "img", "hr", "col", "link", "input");

    private HtmlChecks() {
    }

    /** One embedded chart. */
    record Image(String alt, BufferedImage image) {
    }

    /**
     * Every {@code <img>}: each must carry a PNG data URI that decodes to an image of its stated size, and alt text;
     * and the document's tags must nest properly, with no script and no chart that failed to draw.
     */
    static List<Image> check(String html) throws IOException {
        assertTrue(html.startsWith("<!DOCTYPE html>"), "doctype");
        assertFalse(html.toLowerCase().contains("<script"), "no script");
        assertFalse(html.contains("chart-failed"), "a chart failed to draw: " + snippet(html, "chart-failed"));
        nesting(html);
        List<Image> images = new ArrayList<>();
        Matcher tags = IMG_TAG.matcher(html);
        while (tags.find()) {
            String tag = tags.group();
            Matcher src = SRC.matcher(tag);
            Matcher alt = ALT.matcher(tag);
            Matcher size = SIZE.matcher(tag);
            if (!src.find()) {
                fail("image without data: " + tag.substring(0, Math.min(200, tag.length())));
            }
            assertTrue(alt.find(), "image without alt text");
            assertTrue(size.find(), "image without size");
            byte[] png = Base64.getDecoder().decode(src.group(1));
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(image, "not a decodable image: " + alt.group(1));
            assertEquals(Integer.parseInt(size.group(1)), image.getWidth());
            assertEquals(Integer.parseInt(size.group(2)), image.getHeight());
            images.add(new Image(alt.group(1), image));
        }
        return images;
    }

    /** The alt texts of the images of {@code html}. */
    static List<String> alts(String html) throws IOException {
        return check(html).stream().map(Image::alt).toList();
    }

    /** The text between the element with {@code id} and the next {@code <section}. */
    static String section(String html, String id) {
        int at = html.indexOf("id=\"" + id + "\"");
        assertTrue(at >= 0, "no element with id " + id);
        int end = html.indexOf("<section", at + 1);
        return html.substring(at, end < 0 ? html.length() : end);
    }

    private static void nesting(String html) {
        Deque<String> open = new ArrayDeque<>();
        Matcher m = TAG.matcher(html);
        while (m.find()) {
            String name = m.group(2).toLowerCase();
            if (m.group(1).isEmpty()) {
                if (!VOID.contains(name)) {
                    open.push(name);
                }
            } else {
                String top = open.poll();
                assertEquals(name, top, "closing </" + name + "> at " + m.start());
            }
        }
        // the DOCTYPE is not a tag; everything opened must be closed
        assertTrue(open.isEmpty(), "unclosed: " + open);
    }

    private static String snippet(String html, String marker) {
        int at = html.indexOf(marker);
        return at < 0 ? "" : html.substring(at, Math.min(html.length(), at + 300));
    }
}
