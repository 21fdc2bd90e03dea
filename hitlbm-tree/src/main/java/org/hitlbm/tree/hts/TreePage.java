package org.hitlbm.tree.hts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders one user's {@link InterestTree} (SPEC, HTS) as a single self-contained HTML page: inline
 * CSS, a little inline JS, no external references, so it opens offline.
 *
 * <p>One row per layer (chunk), its Best-of-N candidates as boxes with sample #, S_c, S_e and
 * S_final. The chosen candidate of each layer has class {@code chosen} and
 * {@code data-chosen="true"}; the greedy path through the chosen boxes is a thick green SVG
 * polyline ({@code id="chosen-path"}), the parent links of the other candidates are faint lines.
 * The layout is computed here (fixed-size boxes at absolute positions), so the path is in the
 * markup itself and needs no script. Hovering a box shows the full text (title attribute); clicking
 * it shows the text and scores in the detail panel.
 *
 * <p>Stable hooks for checks: root {@code <main id="tree" data-layers="N">}; each box
 * {@code id="c-L-J"} with {@code data-layer} (layer index), {@code data-chunk},
 * {@code data-index} (position in its layer), {@code data-sample}, {@code data-parent} and
 * {@code data-chosen}.
 */
public final class TreePage {

    /** Characters of interest text shown in a box; the full text is on hover and in the panel. */
    public static final int SNIPPET = 80;

    private static final int BOX_W = 208;
    private static final int BOX_H = 132;
    private static final int GAP_X = 24;
    private static final int GAP_Y = 56;
    private static final int LABEL_W = 92;
    private static final int PAD = 12;

    private TreePage() {
    }

    /** Writes {@link #render} to {@code file} as UTF-8, creating parent directories. */
    public static void write(InterestTree tree, Path file) {
        write(tree, file, "Interest tree, user " + tree.rawUserId());
    }

    public static void write(InterestTree tree, Path file, String title) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, render(tree, title), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tree page " + file, e);
        }
    }

    public static String render(InterestTree tree, String title) {
        List<TreeLayer> layers = tree.layers();
        int maxN = 1;
        for (TreeLayer l : layers) {
            maxN = Math.max(maxN, l.candidates().size());
        }
        int width = LABEL_W + maxN * (BOX_W + GAP_X) + PAD;
        int height = Math.max(1, layers.size()) * (BOX_H + GAP_Y) - GAP_Y + 2 * PAD;

        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n");

        // header
        double mean = meanChosen(tree);
        h.append("<header>\n<h1>").append(esc(title)).append("</h1>\n<dl class=\"meta\">")
                .append(meta("user", esc(tree.rawUserId()) + " <span class=\"dim\">(#" + tree.user() + ")</span>"))
                .append(meta("alpha", num(tree.alpha())))
                .append(meta("layers", Integer.toString(layers.size())))
                .append(meta("path mean S_final", "<span id=\"path-mean\">" + num(mean) + "</span>"))
                .append("</dl>\n<p class=\"legend\">S_final = &alpha;&middot;S_c + (1&minus;&alpha;)&middot;S_e "
                        + "(S_e alone in layer 0). <span class=\"key key-chosen\"></span> chosen (the greedy path) "
                        + "<span class=\"key key-other\"></span> other candidates. Hover a box for its full text, "
                        + "click it for details.</p>\n</header>\n");

        h.append("<div class=\"wrap\">\n");
        h.append("<main id=\"tree\" data-layers=\"").append(layers.size())
                .append("\" data-user=\"").append(tree.user())
                .append("\" data-alpha=\"").append(num(tree.alpha()))
                .append("\" style=\"width:").append(width).append("px;height:").append(height).append("px\">\n");

        // links first (under the boxes)
        h.append("<svg class=\"links\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" aria-hidden=\"true\">\n");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            List<Candidate> cs = layers.get(i).candidates();
            for (int j = 0; j < cs.size(); j++) {
                Candidate c = cs.get(j);
                if (c.chosen() && !alreadyChosenBefore(cs, j)) {
                    // top centre to bottom centre (hidden behind the box), so each segment between
                    // layers runs from the parent's bottom edge to the child's top edge, like the links
                    path.append(path.isEmpty() ? "" : " ").append(cx(j)).append(',').append(y(i))
                            .append(' ').append(cx(j)).append(',').append(y(i) + BOX_H);
                }
                if (i == 0 || c.chosen()) {
                    continue;
                }
                List<Candidate> prev = layers.get(i - 1).candidates();
                if (c.parent() >= 0 && c.parent() < prev.size()) {
                    h.append("<line class=\"link\" data-layer=\"").append(i).append("\" data-index=\"").append(j)
                            .append("\" x1=\"").append(cx(c.parent())).append("\" y1=\"").append(y(i - 1) + BOX_H)
                            .append("\" x2=\"").append(cx(j)).append("\" y2=\"").append(y(i)).append("\"/>\n");
                }
            }
        }
        if (!path.isEmpty()) {
            h.append("<polyline id=\"chosen-path\" class=\"path\" points=\"").append(path).append("\"/>\n");
        }
        h.append("</svg>\n");

        for (int i = 0; i < layers.size(); i++) {
            TreeLayer layer = layers.get(i);
            h.append("<div class=\"layer-label\" id=\"layer-").append(i).append("\" data-layer=\"").append(i)
                    .append("\" data-chunk=\"").append(layer.chunk()).append("\" style=\"top:").append(y(i))
                    .append("px;height:").append(BOX_H).append("px\">layer ").append(i)
                    .append("<br><span class=\"dim\">chunk ").append(layer.chunk()).append("</span><br><span class=\"dim\">")
                    .append(layer.candidates().size()).append(" cand.</span></div>\n");
            List<Candidate> cs = layer.candidates();
            int shared = sharedPrefix(cs);
            for (int j = 0; j < cs.size(); j++) {
                box(h, layer, i, j, cs.get(j), shared);
            }
        }
        h.append("</main>\n");

        h.append("<aside id=\"detail\" aria-live=\"polite\">\n<h2 id=\"detail-title\">Details</h2>\n")
                .append("<div id=\"detail-scores\" class=\"dim\">Click a candidate to see its full interest text.</div>\n")
                .append("<div id=\"detail-text\"></div>\n</aside>\n</div>\n");
        h.append("<script>\n").append(JS).append("</script>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void box(StringBuilder h, TreeLayer layer, int i, int j, Candidate c, int shared) {
        String text = c.text() == null ? "" : c.text();
        h.append("<div class=\"cand").append(c.chosen() ? " chosen" : "").append("\" id=\"c-").append(i).append('-')
                .append(j).append("\" data-layer=\"").append(i).append("\" data-chunk=\"").append(layer.chunk())
                .append("\" data-index=\"").append(j).append("\" data-sample=\"").append(c.sample())
                .append("\" data-parent=\"").append(c.parent()).append("\" data-chosen=\"").append(c.chosen())
                .append("\" data-sc=\"").append(num(c.continuity())).append("\" data-se=\"")
                .append(num(c.effectiveness())).append("\" data-score=\"").append(num(c.score()))
                .append("\" data-full=\"").append(esc(text)).append("\" title=\"").append(esc(text))
                .append("\" tabindex=\"0\" style=\"left:").append(x(j)).append("px;top:").append(y(i))
                .append("px;width:").append(BOX_W).append("px;height:").append(BOX_H).append("px\">\n")
                .append("<div class=\"head\"><span class=\"sample\">#").append(c.sample()).append("</span>")
                .append(c.chosen() ? "<span class=\"tag\">chosen</span>" : "").append("</div>\n")
                .append("<div class=\"scores\"><span>S_c <b>").append(num(c.continuity()))
                .append("</b></span><span>S_e <b>").append(num(c.effectiveness()))
                .append("</b></span><span class=\"final\">S <b>").append(num(c.score())).append("</b></span></div>\n")
                .append("<div class=\"text\">").append(esc(snippet(text, shared))).append("</div>\n</div>\n");
    }

    /** Only the first chosen box of a layer goes on the path (a malformed layer may mark several). */
    private static boolean alreadyChosenBefore(List<Candidate> cs, int j) {
        for (int k = 0; k < j; k++) {
            if (cs.get(k).chosen()) {
                return true;
            }
        }
        return false;
    }

    private static int x(int j) {
        return LABEL_W + j * (BOX_W + GAP_X);
    }

    private static int cx(int j) {
        return x(j) + BOX_W / 2;
    }

    private static int y(int i) {
        return PAD + i * (BOX_H + GAP_Y);
    }

    private static String meta(String k, String v) {
        return "<div><dt>" + k + "</dt><dd>" + v + "</dd></div>";
    }

    /** Mean S_final of the chosen candidates (the first chosen per layer), NaN without any. */
    static double meanChosen(InterestTree tree) {
        double sum = 0;
        int n = 0;
        for (TreeLayer l : tree.layers()) {
            for (Candidate c : l.candidates()) {
                if (c.chosen()) {
                    sum += c.score();
                    n++;
                    break;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Three decimals, "—" for NaN. */
    static String num(double v) {
        return Double.isNaN(v) ? "\u2014" : String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * How many leading characters (whitespace collapsed) every candidate of the layer shares, cut
     * back to a word start: siblings often open with the same lines, and the box should show where
     * they differ. 0 for a layer of one.
     */
    static int sharedPrefix(List<Candidate> candidates) {
        if (candidates.size() < 2) {
            return 0;
        }
        String first = flat(candidates.get(0).text());
        int n = first.length();
        for (Candidate c : candidates) {
            String t = flat(c.text());
            int k = 0;
            while (k < Math.min(n, t.length()) && t.charAt(k) == first.charAt(k)) {
                k++;
            }
            n = k;
        }
        while (n > 0 && first.charAt(n - 1) != ' ') {
            n--; // back to the start of the word where they part
        }
        return n;
    }

    /** The snippet from where the layer's candidates part, "…" marking what was skipped. */
    static String snippet(String text, int shared) {
        String flat = flat(text);
        return shared <= 0 || shared >= flat.length() ? snippet(flat) : "\u2026" + snippet(flat.substring(shared));
    }

    private static String flat(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    /** The first {@link #SNIPPET} code points with whitespace collapsed, "…" when cut. */
    static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.codePointCount(0, flat.length()) <= SNIPPET) {
            return flat;
        }
        return flat.substring(0, flat.offsetByCodePoints(0, SNIPPET)).stripTrailing() + "\u2026";
    }

    /** HTML-escapes for both element content and double- or single-quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n' -> b.append("&#10;");
                case '\r' -> b.append("&#13;");
                case '\t' -> b.append("&#9;");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        b.append("&#xFFFD;"); // control characters are not allowed in HTML
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root { --chosen: #16a34a; --chosen-bg: #ecfdf3; --line: #9ca3af; --ink: #111827; --dim: #6b7280; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 13px/1.35 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f8fafc; }
            header { padding: 12px 16px 6px; border-bottom: 1px solid #e5e7eb; background: #fff; }
            h1 { font-size: 18px; margin: 0 0 6px; }
            .meta { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 0; }
            .meta div { display: flex; gap: 6px; }
            .meta dt { color: var(--dim); } .meta dd { margin: 0; font-weight: 600; }
            .legend { margin: 6px 0 0; color: var(--dim); font-size: 12px; }
            .key { display: inline-block; width: 22px; height: 4px; vertical-align: middle; margin: 0 4px 0 10px; }
            .key-chosen { background: var(--chosen); height: 5px; } .key-other { background: var(--line); opacity: .6; }
            .dim { color: var(--dim); font-weight: normal; }
            .wrap { display: flex; align-items: flex-start; gap: 16px; padding: 14px 16px; }
            #tree { position: relative; flex: none; }
            svg.links { position: absolute; left: 0; top: 0; pointer-events: none; }
            .link { stroke: var(--line); stroke-width: 1.2; stroke-dasharray: 4 3; opacity: .55; }
            .path { fill: none; stroke: var(--chosen); stroke-width: 6; stroke-linejoin: round; stroke-linecap: butt; opacity: .85; }
            .layer-label { position: absolute; left: 0; width: 84px; display: flex; flex-direction: column; justify-content: center; font-weight: 600; border-right: 3px solid #e5e7eb; padding-right: 6px; text-align: right; }
            .cand { position: absolute; background: #fff; border: 1px solid #d1d5db; border-radius: 8px; padding: 6px 8px; overflow: hidden; cursor: pointer; box-shadow: 0 1px 2px rgba(0,0,0,.05); display: flex; flex-direction: column; gap: 3px; }
            .cand:hover, .cand:focus { border-color: #2563eb; outline: none; box-shadow: 0 0 0 2px #bfdbfe; }
            .cand.chosen { border: 4px solid var(--chosen); background: var(--chosen-bg); padding: 3px 5px; }
            .cand.selected { box-shadow: 0 0 0 3px #2563eb; }
            .head { display: flex; justify-content: space-between; align-items: center; }
            .sample { font-weight: 700; }
            .tag { background: var(--chosen); color: #fff; border-radius: 4px; padding: 0 6px; font-size: 11px; font-weight: 700; }
            .scores { display: flex; gap: 8px; font-size: 12px; color: #374151; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .scores .final b { color: #1d4ed8; }
            .cand.chosen .scores .final b { color: #15803d; }
            .text { font-size: 12px; color: #1f2937; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 4; -webkit-box-orient: vertical; overflow-wrap: anywhere; }
            #detail { flex: 1 1 260px; min-width: 240px; max-width: 460px; position: sticky; top: 12px; background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 12px; }
            #detail h2 { font-size: 15px; margin: 0 0 6px; }
            #detail-text { white-space: pre-wrap; overflow-wrap: anywhere; margin-top: 8px; max-height: 70vh; overflow: auto; }
            """;

    private static final String JS = """
            (function () {
              var root = document.getElementById('tree');
              var title = document.getElementById('detail-title');
              var scores = document.getElementById('detail-scores');
              var text = document.getElementById('detail-text');
              var selected = null;
              function show(box) {
                if (selected) selected.classList.remove('selected');
                selected = box;
                box.classList.add('selected');
                var d = box.dataset;
                title.textContent = 'Layer ' + d.layer + ' (chunk ' + d.chunk + '), sample #' + d.sample
                    + (d.chosen === 'true' ? ' \\u2014 chosen' : '');
                scores.textContent = 'S_c ' + d.sc + '  \\u00b7  S_e ' + d.se + '  \\u00b7  S_final ' + d.score
                    + '  \\u00b7  parent ' + d.parent;
                text.textContent = d.full;
              }
              root.addEventListener('click', function (e) {
                var box = e.target.closest('.cand');
                if (box) show(box);
              });
              root.addEventListener('keydown', function (e) {
                var box = e.target.closest('.cand');
                if (box && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); show(box); }
              });
              root.setAttribute('data-js', 'ready');
            })();
            """;
}
