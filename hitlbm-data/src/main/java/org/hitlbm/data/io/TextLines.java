package org.hitlbm.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Line-by-line reading of dataset files, with 1-based line numbers for error messages. */
final class TextLines {
    /** Receives one non-blank line and its 1-based number in the file. */
    @FunctionalInterface
    interface Handler {
        void line(long number, String line);
    }

    private TextLines() {
    }

    /**
     * Calls {@code handler} for every non-blank line. {@code .gz} files are decompressed on the fly.
     * Undecodable bytes become U+FFFD rather than failing the whole file: a bad byte in one review
     * text must not stop a multi-gigabyte read.
     */
    static void forEach(Path file, Charset charset, Handler handler) {
        try (BufferedReader reader = open(file, charset)) {
            String line;
            long number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    handler.line(number, line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static BufferedReader open(Path file, Charset charset) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            if (file.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, charset), 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Splits on a literal separator, keeping empty fields (unlike String.split, no regex, no trimming). */
    static String[] split(String line, String separator) {
        int count = 1;
        for (int i = line.indexOf(separator); i >= 0; i = line.indexOf(separator, i + separator.length())) {
            count++;
        }
        String[] fields = new String[count];
        int start = 0;
        for (int f = 0; f < count - 1; f++) {
            int end = line.indexOf(separator, start);
            fields[f] = line.substring(start, end);
            start = end + separator.length();
        }
        fields[count - 1] = line.substring(start);
        return fields;
    }

    /** The line in quotes, cut to a readable length for an error message. */
    static String quote(String line) {
        final int max = 120;
        String shown = line.length() <= max ? line : line.substring(0, max) + "...";
        return "'" + shown + "'";
    }
}
