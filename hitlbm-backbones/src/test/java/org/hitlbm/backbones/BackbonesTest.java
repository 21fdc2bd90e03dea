package org.hitlbm.backbones;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackbonesTest {
    @Test
    void findsBackbonesFromEveryServiceFileOnTheClassPath() {
        assertTrue(Backbones.names().contains("lr"), "main-scope registration");
        assertTrue(Backbones.names().contains("constant-test"), "test-scope registration");
        assertEquals("constant-test", Backbones.byName("constant-test").name());
    }

    @Test
    void anUnknownNameListsTheRegisteredOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backbones.byName("dien2"));
        assertTrue(e.getMessage().contains("'dien2'") && e.getMessage().contains("lr"), e.getMessage());
    }
}
