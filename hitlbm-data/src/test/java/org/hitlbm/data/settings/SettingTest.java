package org.hitlbm.data.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One declaration gives a param its default, its check and its words. */
class SettingTest {
    private static final List<Setting> PARAMS = List.of(
            Setting.integer("layers", 3, 0, 64, "cross layers"),
            Setting.number("dropout", 0.0, Rule.rate(), "dropout"),
            Setting.choice("structure", "parallel", "how", "parallel", "stacked"),
            Setting.text("units", "200,80", Rule.units(true), "widths"),
            Setting.flag("softmax", false, "normalise"));

    @Test
    void defaultsKeepDeclarationOrderAndTypes() {
        Map<String, Object> d = Setting.defaults(PARAMS);
        assertEquals(List.of("layers", "dropout", "structure", "units", "softmax"), List.copyOf(d.keySet()));
        assertEquals(3, d.get("layers"));
        assertEquals(0.0, d.get("dropout"));
        assertEquals(List.of(), Setting.check(PARAMS, d), "defaults pass their own declarations");
    }

    @Test
    void checkNamesTheParamAndWhatItExpected() {
        Map<String, Object> bad = new LinkedHashMap<>(Setting.defaults(PARAMS));
        bad.put("layers", 65);
        bad.put("dropout", 1.0);
        bad.put("structure", "diagonal");
        bad.put("units", "200,0");
        bad.put("softmax", "yes");
        List<Problem> problems = Setting.check(PARAMS, bad);
        assertEquals(5, problems.size(), problems.toString());
        assertEquals(new Problem("layers", "expected an integer in [0, 64], got 65"), problems.get(0));
        assertEquals(new Problem("dropout", "expected a number in [0, 1), got 1.0"), problems.get(1));
        assertEquals(new Problem("structure", "expected one of parallel, stacked, got 'diagonal'"), problems.get(2));
        assertTrue(problems.get(3).message().startsWith("expected comma-separated layer widths"), problems.get(3).message());
        assertEquals(new Problem("softmax", "expected true or false, got 'yes'"), problems.get(4));
    }

    @Test
    void writtenValuesConvertToTheDefaultsType() {
        assertEquals(7, Setting.convertLike(3, 7L));
        assertNull(Setting.convertLike(3, 1L << 40), "beyond an int");
        assertNull(Setting.convertLike(3, 2.5));
        assertEquals(2.0, Setting.convertLike(0.5, 2L), "whole numbers widen");
        assertEquals("64", Setting.convertLike("200,80", 64L), "a number read as text");
        assertNull(Setting.convertLike(false, "false"));
        assertFalse(PARAMS.get(0).allows(3.0), "a double is not an integer");
        assertTrue(PARAMS.get(0).allows(0));
    }
}
