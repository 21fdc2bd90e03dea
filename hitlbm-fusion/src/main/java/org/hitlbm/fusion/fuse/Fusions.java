package org.hitlbm.fusion.fuse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.nn.layers.Mlp;

/**
 * The fusions by name (SPEC RQ5, Table 5): {@code none}, {@code mlp}, {@code sa}, {@code gru},
 * {@code tif}. Each but {@code none} becomes a backbone's side input that outputs
 * e_user ⊕ e_item, {@code outDim} each. TIF defaults follow the authors' code (SPEC: 2 pre-LN
 * decoder layers, 8 heads, dropout 0.1, sinusoidal positions, outputs of 32).
 */
public final class Fusions {
    public static final String NONE = "none";

    private record Kind(String description, Map<String, Object> defaults, FusionSideInput.LayerFactory factory) {
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(NONE, new Kind("no side input: the backbone alone", Map.of(), null));
        KINDS.put("mlp", new Kind("mean of the chunk vectors (pooling last: the newest visible one), then an MLP",
                params("hiddenUnits", "64", "dropout", 0.0, "pooling", "mean"),
                (p, dim, maxChunks) -> new MlpFusion(dim, Mlp.parseUnits(p.text("hiddenUnits")), p.rate("dropout"), p.integer("outDim"),
                        "last".equals(p.choice("pooling", "mean", "last")))));
        KINDS.put("sa", new Kind("self-attention over the chunks (no positions, scores, causal mask or item), mean-pooled",
                params("layers", 1, "heads", 8, "dropout", 0.1, "ffnMultiplier", 4, "modelDim", 64),
                (p, dim, maxChunks) -> new AttentionFusion(new AttentionFusion.Options(p.integer("outDim"), p.integer("layers"),
                        p.integer("heads"), p.integer("ffnMultiplier") * width(p, dim), p.rate("dropout"), false, Positions.Kind.NONE,
                        false, DecoderBlock.Cross.NONE, false, width(p, dim)), dim, maxChunks)));
        KINDS.put("gru", new Kind("GRU over the chunks in time order, last real state",
                params("gruUnits", 64),
                (p, dim, maxChunks) -> new GruFusion(dim, p.integer("gruUnits"), p.integer("outDim"))));
        KINDS.put("tif", new Kind("TIF: score-weighted chunks + positions, causal decoder layers with item-guided cross-attention",
                params("layers", 2, "heads", 8, "dropout", 0.1, "ffnMultiplier", 4, "scoreWeighting", true,
                        "positions", "sinusoidal", "crossAttention", "item-query", "pooling", "mean", "modelDim", 64),
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

    /** Every param the fusion takes with its default; the default's type is the param's type. */
    public static Map<String, Object> defaultParams(String name) {
        return new LinkedHashMap<>(kind(name).defaults());
    }

    /**
     * The fusion as a side input over {@code vectors}, or null for {@code none} (then give the
     * backbone no side input: sideWidth 0). Params left out take their defaults; unknown names,
     * wrong types and bad values (e.g. heads that do not divide the vector width) fail here.
     */
    public static FusionSideInput create(String name, Map<String, Object> params, ChunkVectors vectors) {
        Kind kind = kind(name);
        FusionParams resolved = FusionParams.resolve(name, kind.defaults(), params);
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
        DecoderBlock.Cross cross = switch (p.choice("crossAttention", "item-query", "paper-literal", "none")) {
            case "item-query" -> DecoderBlock.Cross.ITEM_QUERIES;
            case "paper-literal" -> DecoderBlock.Cross.ITEM_KEYS;
            default -> DecoderBlock.Cross.NONE;
        };
        Positions.Kind positions = Positions.parse(p.choice("positions", "sinusoidal", "learned", "none"));
        return new AttentionFusion(new AttentionFusion.Options(p.integer("outDim"), p.integer("layers"), p.integer("heads"),
                p.integer("ffnMultiplier") * width(p, dim), p.rate("dropout"), p.flag("scoreWeighting"), positions, true, cross,
                "last".equals(p.choice("pooling", "mean", "last")), width(p, dim)), dim, maxChunks);
    }

    /** The attention fusions' working width: {@code modelDim}, or the vectors' own width when it is 0. */
    private static int width(FusionParams p, int dim) {
        int modelDim = (Integer) p.values().get("modelDim");
        if (modelDim < 0) {
            throw new IllegalArgumentException("param 'modelDim' of fusion '" + p.fusion() + "' must be >= 0 (0 = the vector width), got "
                    + modelDim);
        }
        return modelDim == 0 ? dim : modelDim;
    }

    /** outDim (every fusion's) first, then the given name-value pairs. */
    private static Map<String, Object> params(Object... pairs) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("outDim", 32);
        for (int i = 0; i < pairs.length; i += 2) {
            p.put((String) pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(p);
    }
}
