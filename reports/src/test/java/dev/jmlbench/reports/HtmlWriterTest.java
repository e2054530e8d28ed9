package dev.jmlbench.reports;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HtmlWriterTest {

    @Test
    void textAndAttributesAreEscaped() {
        String html = new HtmlWriter().element("p", "<b>&\"'</b>", "title", "\"><script>x</script>").finish();
        assertEquals("<!DOCTYPE html>\n<p title=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">"
                + "&lt;b&gt;&amp;&quot;&#39;&lt;/b&gt;</p>\n", html);
    }

    @Test
    void controlCharactersAreReplaced() {
        assertTrue(new HtmlWriter().element("p", "a\u0000b\u001bc").finish().contains("a\uFFFDb\uFFFDc"));
    }

    @Test
    void unsafeNamesAndAttributesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p onload=x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("SCRIPT"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p", "onclick", "x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p", "style", "x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("img", "src", "x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("a", "href", "javascript:x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("a", "href", "data:text/html,x"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().open("p", "class"));
        new HtmlWriter().open("a", "href", "../results.json").close().finish();
    }

    @Test
    void onlyPngBytesBecomeImages() {
        assertThrows(IllegalArgumentException.class,
                () -> new HtmlWriter().pngImage("<svg onload=x>".getBytes(), "alt", 1, 1, "chart"));
        assertThrows(IllegalArgumentException.class,
                () -> new HtmlWriter().pngImage(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                        " ", 1, 1, "chart"));
    }

    @Test
    void elementsMustBeBalanced() {
        assertThrows(IllegalStateException.class, () -> new HtmlWriter().open("p").finish());
        assertThrows(IllegalStateException.class, () -> new HtmlWriter().close());
        assertThrows(IllegalArgumentException.class, () -> new HtmlWriter().empty("p"));
    }
}
