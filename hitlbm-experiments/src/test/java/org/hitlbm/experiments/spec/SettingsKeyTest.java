package org.hitlbm.experiments.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsKeyTest {
    @Test
    void keepsOnlyTheNamedSettingsInConfigOrder() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("tree", new LinkedHashMap<>(Map.of("expansions", 10)));
        Map<String, Object> fusion = new LinkedHashMap<>();
        fusion.put("name", "tif");
        fusion.put("encoder", "same");
        tree.put("fusion", fusion);
        tree.put("encoder", new LinkedHashMap<>(Map.of("name", "bge")));
        ResolvedConfig c = new ResolvedConfig(tree);
        assertEquals("|tree.expansions=10|encoder.name=bge", c.settingsKey("tree.", "encoder."));
        assertEquals("|tree.expansions=10|fusion.encoder=same|encoder.name=bge", c.settingsKey("tree.", "encoder.", "fusion.encoder"));
    }
}
