package org.hitlbm.data.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hitlbm.data.Domain;
import org.junit.jupiter.api.Test;

class DatasetReadersTest {
    @Test
    void everyNameGivesTheReaderOfThatName() {
        assertEquals(List.of("ml-1m", "ml-100k", "amazon-books"), DatasetReaders.names());
        for (String name : DatasetReaders.names()) {
            assertEquals(name, DatasetReaders.byName(name).name());
        }
        assertInstanceOf(MovieLens1MReader.class, DatasetReaders.byName("ml-1m"));
        assertEquals(Domain.BOOKS, DatasetReaders.byName("amazon-books").domain());
    }

    @Test
    void unknownNameListsTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetReaders.byName("ml-20m"));
        assertTrue(e.getMessage().contains("ml-20m"), e.getMessage());
        assertTrue(e.getMessage().contains("[ml-1m, ml-100k, amazon-books]"), e.getMessage());
    }
}
