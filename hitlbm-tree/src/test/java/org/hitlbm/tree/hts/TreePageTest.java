package org.hitlbm.tree.hts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreePageTest {

    static final String DANGEROUS = "<script>alert(1)</script> & \"quotes\"";
    private static final Pattern BOX = Pattern.compile("<div class=\"cand[^\"]*\"[^>]*>");

    /** 3 layers (3, 4, 3 candidates); chosen: layer 0 index 1, layer 1 index 3, layer 2 index 0. */
    static InterestTree tree() {
        double a = 0.4;
        List<TreeLayer> layers = List.of(
                new TreeLayer(0, List.of(
                        new Candidate(-1, 0, "Enjoys 90s sci-fi blockbusters and space operas.", Double.NaN, 0.61, 0.61, false),
                        new Candidate(-1, 1, "Likes dark thrillers with twist endings,\nespecially \"neo-noir\" <crime> films & mysteries.", Double.NaN, 0.83, 0.83, true),
                        new Candidate(-1, 2, DANGEROUS, Double.NaN, 0.12, 0.12, false))),
                new TreeLayer(1, List.of(
                        new Candidate(1, 0, "Moving toward romantic comedies.", 0.40, 0.70, s(a, 0.40, 0.70), false),
                        new Candidate(1, 1, "Still thrillers, now also courtroom dramas.", 0.90, 0.60, s(a, 0.90, 0.60), false),
                        new Candidate(1, 2, "Animated family movies; watches with kids on weekends, mostly Pixar and Ghibli, rarely anything rated R.", 0.20, 0.55, s(a, 0.20, 0.55), false),
                        new Candidate(1, 3, "Thrillers and crime series; growing interest in documentaries about real cases.", 0.85, 0.80, s(a, 0.85, 0.80), true))),
                new TreeLayer(2, List.of(
                        new Candidate(3, 0, "True-crime documentaries and investigative series.", 0.88, 0.79, s(a, 0.88, 0.79), true),
                        new Candidate(3, 1, "Westerns.", 0.10, 0.30, s(a, 0.10, 0.30), false),
                        new Candidate(3, 2, "Musicals & concert films — 'live' recordings.", 0.30, 0.50, s(a, 0.30, 0.50), false))));
        return new InterestTree(7, "u<7>&\"x\"", a, 0, layers);
    }

    private static double s(double a, double c, double e) {
        return a * c + (1 - a) * e;
    }

    private static String attr(String tag, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(tag);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void rendersEveryCandidateAndExactlyTheModelsChosenPath() {
        InterestTree tree = tree();
        String html = TreePage.render(tree, "Tree <test>");
        List<String> boxes = new ArrayList<>();
        Matcher m = BOX.matcher(html);
        while (m.find()) {
            boxes.add(m.group());
        }
        int total = tree.layers().stream().mapToInt(l -> l.candidates().size()).sum();
        assertEquals(total, boxes.size(), "one box per candidate");

        Map<Integer, List<String>> chosenByLayer = new HashMap<>();
        for (String b : boxes) {
            int layer = Integer.parseInt(attr(b, "data-layer"));
            int index = Integer.parseInt(attr(b, "data-index"));
            Candidate c = tree.layers().get(layer).candidates().get(index);
            assertEquals(Integer.toString(c.sample()), attr(b, "data-sample"));
            assertEquals(Boolean.toString(c.chosen()), attr(b, "data-chosen"));
            assertEquals(c.chosen(), attr(b, "class").contains("chosen"));
            if (c.chosen()) {
                chosenByLayer.computeIfAbsent(layer, k -> new ArrayList<>()).add(attr(b, "data-index"));
            }
        }
        assertEquals(Map.of(0, List.of("1"), 1, List.of("3"), 2, List.of("0")), chosenByLayer,
                "exactly one chosen per layer, the model's");
        assertEquals(3, html.split("data-chosen=\"true\"", -1).length - 1);
        assertTrue(html.contains("<main id=\"tree\" data-layers=\"3\""));
        assertTrue(html.contains("id=\"chosen-path\""), "the path is drawn");
        // every candidate's (escaped) snippet is shown
        for (TreeLayer l : tree.layers()) {
            for (Candidate c : l.candidates()) {
                assertTrue(html.contains(">" + TreePage.esc(TreePage.snippet(c.text(), TreePage.sharedPrefix(l.candidates()))) + "<"),
                        c.text());
            }
        }
    }

    @Test
    void escapesTextFormatsScoresAndIsSelfContained() {
        String html = TreePage.render(tree(), "Tree <test> & \"x\"");
        assertFalse(html.contains("<script>alert"), "raw dangerous text");
        assertFalse(html.contains("alert(1)</script>"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"));
        assertFalse(html.contains("<test>"));
        assertFalse(html.contains("u<7>"));
        // the only script element is the page's own
        assertEquals(1, html.split("<script>", -1).length - 1);
        // newline kept in the title attribute as an entity, never a raw newline inside an attribute
        assertTrue(html.contains("twist endings,&#10;especially &quot;neo-noir&quot; &lt;crime&gt;"));
        // NaN S_c in layer 0
        assertTrue(html.contains("S_c <b>\u2014</b>"));
        assertFalse(html.contains("NaN"));
        assertTrue(html.contains("S <b>0.830</b>"));
        assertTrue(html.contains("S_e <b>0.800</b>"));
        double mean = (0.83 + s(0.4, 0.85, 0.80) + s(0.4, 0.88, 0.79)) / 3;
        assertTrue(html.contains("<span id=\"path-mean\">" + String.format(java.util.Locale.ROOT, "%.3f", mean) + "</span>"));
        assertFalse(html.contains("http://"));
        assertFalse(html.contains("https://"));
        assertFalse(html.contains("src="));
        assertFalse(html.contains("<link"));
    }

    @Test
    void snippetIsShortAndFullTextIsOnHover() {
        String longText = "x".repeat(50) + "\n\n" + "y".repeat(100);
        assertEquals(TreePage.SNIPPET + 1, TreePage.snippet(longText).length());
        assertTrue(TreePage.snippet(longText).endsWith("\u2026"));
        assertEquals("a b", TreePage.snippet("  a \n\t b "));
        assertEquals("\u2014", TreePage.num(Double.NaN));
        assertEquals("0.123", TreePage.num(0.12345));
    }

    @Test
    void siblingsShowWhereTheyPart() {
        List<Candidate> siblings = List.of(
                new Candidate(-1, 0, "### Analysis\nPrevious: none.\nThe user enjoys Drama 40%", Double.NaN, 0.5, 0.5, true),
                new Candidate(-1, 1, "### Analysis\nPrevious: none.\nThe user enjoys Comedy 60%", Double.NaN, 0.4, 0.4, false));
        int shared = TreePage.sharedPrefix(siblings);
        assertEquals("### Analysis Previous: none. The user enjoys ".length(), shared, "cut back to the word where they part");
        assertEquals("\u2026Drama 40%", TreePage.snippet(siblings.get(0).text(), shared));
        assertEquals(0, TreePage.sharedPrefix(siblings.subList(0, 1)), "a lone candidate shows its start");
    }

    @Test
    void writesAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/tree.html");
        TreePage.write(tree(), f);
        String html = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("Interest tree, user u&lt;7&gt;&amp;&quot;x&quot;"));
        // a sample page for scripts/check-tree-html.sh (under target/, never committed)
        TreePage.write(tree(), Path.of("target", "tree-page", "sample.html"), "HiT-LBM interest tree (sample)");
    }
}
