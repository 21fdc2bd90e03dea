package org.hitlbm.fusion.fuse;

import static org.hitlbm.data.settings.Rule.flag;
import static org.hitlbm.data.settings.Rule.intIn;
import static org.hitlbm.data.settings.Rule.oneOf;
import static org.hitlbm.data.settings.Rule.rate;
import static org.hitlbm.data.settings.Rule.units;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hitlbm.data.settings.Problem;
import org.hitlbm.data.settings.Rule;

/**
 * The allowed values of every fusion param ({@code fusion.params}), mirroring what
 * {@link Fusions} and {@link FusionParams} read, so {@code validate} reports a bad value before
 * anything trains. Besides each param's own range: the attention fusions' {@code modelDim} must
 * be divisible by {@code heads} (when it is 0 the vectors' own width is used, known only once
 * the encoder runs, and {@link Fusions#create} checks it then).
 */
public final class FusionParamRules {
    private static final Map<String, Rule> SHARED = new LinkedHashMap<>();
    private static final Map<String, Map<String, Rule>> OWN = new LinkedHashMap<>();

    static {
        SHARED.put("outDim", intIn(1, Rule.MAX_WIDTH));
        SHARED.put("dropout", rate());
        SHARED.put("pooling", oneOf("mean", "last"));
        SHARED.put("layers", intIn(1, 64));
        SHARED.put("heads", intIn(1, 64));
        SHARED.put("ffnMultiplier", intIn(1, 64));
        SHARED.put("modelDim", intIn(0, Rule.MAX_WIDTH));
        SHARED.put("gruUnits", intIn(1, Rule.MAX_WIDTH));
        own("mlp", "hiddenUnits", units(true));
        own("tif", "scoreWeighting", flag(), "positions", oneOf("sinusoidal", "learned", "none"),
                "crossAttention", oneOf("item-query", "paper-literal", "none"));
    }

    private FusionParamRules() {
    }

    /** The rule of one fusion's param, or null when there is none (an unknown param). */
    public static Rule rule(String fusion, String param) {
        Rule own = OWN.getOrDefault(fusion, Map.of()).get(param);
        return own != null ? own : SHARED.get(param);
    }

    /** Every param in {@code params} (given values over the defaults) that breaks its rule, then the cross-param rules. */
    public static List<Problem> check(String fusion, Map<String, Object> params) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            Rule.problemOf(rule(fusion, e.getKey()), e.getKey(), e.getValue(), problems);
        }
        Object heads = params.get("heads");
        Object modelDim = params.get("modelDim");
        boolean bothValid = problems.stream().noneMatch(p -> p.param().equals("heads") || p.param().equals("modelDim"));
        if (bothValid && heads instanceof Number h && modelDim instanceof Number d && d.intValue() > 0 && h.intValue() > 0
                && d.intValue() % h.intValue() != 0) {
            problems.add(new Problem("modelDim", "must be divisible by fusion.params.heads (" + h.intValue() + ")"
                    + ", the attention's heads split it evenly; got " + d.intValue()));
        }
        return problems;
    }

    private static void own(String fusion, Object... pairs) {
        Map<String, Rule> rules = OWN.computeIfAbsent(fusion, f -> new LinkedHashMap<>());
        for (int i = 0; i < pairs.length; i += 2) {
            rules.put((String) pairs[i], (Rule) pairs[i + 1]);
        }
    }
}
