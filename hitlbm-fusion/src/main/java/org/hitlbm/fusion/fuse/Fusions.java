package org.hitlbm.fusion.fuse;

import static org.hitlbm.data.settings.Setting.choice;
import static org.hitlbm.data.settings.Setting.flag;
import static org.hitlbm.data.settings.Setting.integer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.settings.Problem;
import org.hitlbm.data.settings.Rule;
import org.hitlbm.data.settings.Setting;
import org.hitlbm.nn.layers.Mlp;

/**
 * The fusions by name (SPEC RQ5, Table 5): {@code none}, {@code mlp}, {@code sa}, {@code gru},
 * {@code tif}. Each but {@code none} becomes a backbone's side input that outputs
 * e_user ⊕ e_item, {@code outDim} each. TIF defaults follow the authors' code (SPEC: 2 pre-LN
 * decoder layers, 8 heads, dropout 0.1, sinusoidal positions, outputs of 32).
 */
public final class Fusions {
    public static final String NONE = "none";

    private record Kind(String description, List<Setting> params, FusionSideInput.LayerFactory factory) {
    }

    // params several fusions share, declared once
    private static final Setting LAYERS = integer("layers", 1, 1, 64, "decoder (or self-attention) layers");
    private static final Setting HEADS = integer("heads", 8, 1, 64, "attention heads; they split modelDim evenly");
    private static final Setting ATTENTION_DROPOUT = Setting.number("dropout", 0.1, Rule.rate(), "dropout in the attention layers");
    private static final Setting FFN = integer("ffnMultiplier", 4, 1, 64, "feed-forward width as a multiple of modelDim");
    private static final Setting MODEL_DIM = integer("modelDim", 64, 0, Rule.MAX_WIDTH,
            "working width the vectors are projected to (0 = the vectors' own width)");
    private static final Setting POOLING = choice("pooling", "mean", "mean of the real chunks or the newest one", "mean", "last");

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(NONE, new Kind("no side input: the backbone alone", List.of(), null));
        KINDS.put("mlp", new Kind("mean of the chunk vectors (pooling last: the newest visible one), then an MLP",
                params(Setting.text("hiddenUnits", "64", Rule.units(true), "hidden widths of the MLP"),
                        Setting.number("dropout", 0.0, Rule.rate(), "dropout of the MLP"), POOLING),
                (p, dim, maxChunks) -> new MlpFusion(dim, Mlp.parseUnits(p.text("hiddenUnits")), p.rate("dropout"), p.integer("outDim"),
                        "last".equals(p.text("pooling")))));
        KINDS.put("sa", new Kind("self-attention over the chunks (no positions, scores, causal mask or item), mean-pooled",
                params(LAYERS, HEADS, ATTENTION_DROPOUT, FFN, MODEL_DIM),
                (p, dim, maxChunks) -> new AttentionFusion(new AttentionFusion.Options(p.integer("outDim"), p.integer("layers"),
                        p.integer("heads"), p.integer("ffnMultiplier") * width(p, dim), p.rate("dropout"), false, Positions.Kind.NONE,
                        false, DecoderBlock.Cross.NONE, false, width(p, dim)), dim, maxChunks)));
        KINDS.put("gru", new Kind("GRU over the chunks in time order, last real state",
                params(integer("gruUnits", 64, 1, Rule.MAX_WIDTH, "hidden size of the GRU")),
                (p, dim, maxChunks) -> new GruFusion(dim, p.integer("gruUnits"), p.integer("outDim"))));
        KINDS.put("tif", new Kind("TIF: score-weighted chunks + positions, causal decoder layers with item-guided cross-attention",
                params(integer("layers", 2, 1, 64, "causal decoder layers"), HEADS, ATTENTION_DROPOUT, FFN,
                        flag("scoreWeighting", true, "weight each chunk's vector by its tree score S_final"),
                        choice("positions", "sinusoidal", "position encoding of the chunks", "sinusoidal", "learned", "none"),
                        choice("crossAttention", "item-query", "item-guided cross-attention: the item queries the chunks,"
                                + " the paper's literal reading (the item as keys), or none", "item-query", "paper-literal", "none"),
                        POOLING, MODEL_DIM),
                Fusions::tif));
    }

    private Fusions() {
    }

    /** Every fusion's name, {@code none} first. */
    public static List<String> names() {
        return new ArrayList<>(KINDS.keySet());
    }

    public static String description(String name) {
        return kind(name).description();
    }

    /** Every param the fusion takes, declared once: default, allowed values, help. */
    public static List<Setting> params(String name) {
        return kind(name).params();
    }

    /** Every param the fusion takes with its default; the default's type is the param's type. */
    public static Map<String, Object> defaultParams(String name) {
        return Setting.defaults(params(name));
    }

    /**
     * Every value in {@code values} (given values over the defaults) that breaks its declaration,
     * then the one rule across params: the attention fusions' {@code modelDim} must be divisible by
     * {@code heads} (when it is 0 the vectors' own width is used, known only once the encoder runs,
     * and {@link #create} checks it then).
     */
    public static List<Problem> check(String name, Map<String, Object> values) {
        List<Problem> problems = new ArrayList<>(Setting.check(params(name), values));
        Object heads = values.get("heads");
        Object modelDim = values.get("modelDim");
        boolean bothValid = problems.stream().noneMatch(p -> p.param().equals("heads") || p.param().equals("modelDim"));
        if (bothValid && heads instanceof Number h && modelDim instanceof Number d && d.intValue() > 0 && h.intValue() > 0
                && d.intValue() % h.intValue() != 0) {
            problems.add(new Problem("modelDim", "must be divisible by fusion.params.heads (" + h.intValue() + ")"
                    + ", the attention's heads split it evenly; got " + d.intValue()));
        }
        return problems;
    }

    /**
     * The fusion as a side input over {@code vectors}, or null for {@code none} (then give the
     * backbone no side input: sideWidth 0). Params left out take their defaults; unknown names,
     * wrong types and bad values (e.g. heads that do not divide the vector width) fail here.
     */
    public static FusionSideInput create(String name, Map<String, Object> params, ChunkVectors vectors) {
        Kind kind = kind(name);
        FusionParams resolved = FusionParams.resolve(name, kind.params(), params);
        if (kind.factory() == null) {
            return null;
        }
        if (vectors == null) {
            throw new IllegalArgumentException("fusion '" + name + "' needs chunk vectors");
        }
        FusionSideInput side = new FusionSideInput(vectors, resolved, kind.factory());
        side.newLayer(); // builds once (no weights allocated) so a bad value fails before training
        return side;
    }

    private static Kind kind(String name) {
        Kind kind = KINDS.get(name);
        if (kind == null) {
            throw new IllegalArgumentException("unknown fusion '" + name + "'; known: " + String.join(", ", KINDS.keySet()));
        }
        return kind;
    }

    private static FusionLayer tif(FusionParams p, int dim, int maxChunks) {
        DecoderBlock.Cross cross = switch (p.text("crossAttention")) {
            case "item-query" -> DecoderBlock.Cross.ITEM_QUERIES;
            case "paper-literal" -> DecoderBlock.Cross.ITEM_KEYS;
            default -> DecoderBlock.Cross.NONE;
        };
        Positions.Kind positions = Positions.parse(p.text("positions"));
        return new AttentionFusion(new AttentionFusion.Options(p.integer("outDim"), p.integer("layers"), p.integer("heads"),
                p.integer("ffnMultiplier") * width(p, dim), p.rate("dropout"), p.flag("scoreWeighting"), positions, true, cross,
                "last".equals(p.text("pooling")), width(p, dim)), dim, maxChunks);
    }

    /** The attention fusions' working width: {@code modelDim}, or the vectors' own width when it is 0. */
    private static int width(FusionParams p, int dim) {
        int modelDim = p.integer("modelDim");
        return modelDim == 0 ? dim : modelDim;
    }

    /** outDim (every fusion's) first, then the fusion's own. */
    private static List<Setting> params(Setting... own) {
        List<Setting> p = new ArrayList<>();
        p.add(integer("outDim", 32, 1, Rule.MAX_WIDTH, "width of e_user and of e_item"));
        p.addAll(List.of(own));
        return List.copyOf(p);
    }
}
