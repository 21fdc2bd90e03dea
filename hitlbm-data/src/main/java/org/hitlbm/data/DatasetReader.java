package org.hitlbm.data;

import java.nio.file.Path;

/** Reads one published dataset format from a directory of its files. */
public interface DatasetReader {
    /** Short name used in YAML ({@code dataset.name}) and on {@code list}. */
    String name();

    Domain domain();

    /**
     * Reads every file of the dataset under {@code dir}.
     *
     * @throws DataFormatException naming the file and line of the first malformed record, or a
     *                             missing required file
     */
    RawDataset read(Path dir);
}
