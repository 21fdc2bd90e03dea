package org.hitlbm.backbones;

import static org.hitlbm.data.settings.Rule.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.hitlbm.data.settings.Problem;
import org.hitlbm.data.settings.Rule;

/**
 * The allowed values of every backbone param ({@code backbone.params}), so a spec is checked by
 * {@code validate} (and by {@code run} before anything trains) instead of failing inside the
 * network's constructor. Each rule mirrors what the backbone reads: an embedding size, layer
 * widths written as "200,80", a dropout rate, a choice. A param added to a backbone needs a rule
 * here too; a test checks every {@link Backbone#defaultParams() default param} has one and that
 * its default passes it.
 */
public final class ParamRules {
    private static final Map<String, Rule> SHARED = new LinkedHashMap<>();
    private static final Map<String, Map<String, Rule>> OWN = new LinkedHashMap<>();

    static {
        // every neural backbone (NeuralBackbone.defaultParams)
        SHARED.put("embeddingDim", intIn(1, MAX_WIDTH));
        SHARED.put("hiddenUnits", units(true));
        SHARED.put("dropout", rate());
        SHARED.put("sideFields", oneOf("split", "joint"));
        // lr (Tribuo)
        SHARED.put("userFeatures", flag());
        SHARED.put("historyFeatures", flag());

        own("din", "attentionUnits", units(true), "attentionSoftmax", flag());
        own("dien", "gruUnits", intIn(1, MAX_WIDTH), "attentionUnits", units(true), "auxLossWeight", numberIn(0, 100),
                "auxUnits", units(true));
        own("dcnv2", "crossLayers", intIn(0, 64), "structure", oneOf("parallel", "stacked"));
        own("autoint", "attentionLayers", intIn(1, 64), "heads", intIn(1, 64), "attentionDim", intIn(1, MAX_WIDTH),
                "useDnn", flag());
        own("fibinet", "reductionRatio", above0UpTo(16), "bilinearType", oneOfIgnoringCase("field_all", "field_each",
                "field_interaction"));
        own("fignn", "gnnLayers", intIn(1, 64), "scoreUnits", units(true));
        own("xdeepfm", "cinLayers", units(false));
    }

    private ParamRules() {
    }

    /** The rule of one backbone's param, or null when there is none (an unknown param). */
    public static Rule rule(String backbone, String param) {
        Rule own = OWN.getOrDefault(backbone, Map.of()).get(param);
        return own != null ? own : SHARED.get(param);
    }

    /** Every param in {@code params} (given values over defaults) that breaks its rule. */
    public static List<Problem> check(String backbone, Map<String, Object> params) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Object> e : params.entrySet()) {
            problemOf(rule(backbone, e.getKey()), e.getKey(), e.getValue(), problems);
        }
        return problems;
    }

    private static void own(String backbone, Object... pairs) {
        Map<String, Rule> rules = OWN.computeIfAbsent(backbone, b -> new LinkedHashMap<>());
        for (int i = 0; i < pairs.length; i += 2) {
            rules.put((String) pairs[i], (Rule) pairs[i + 1]);
        }
    }
}
