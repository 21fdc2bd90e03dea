package org.hitlbm.data.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.hitlbm.data.DataFormatException;

/**
 * Line-by-line reading of dataset files, with 1-based line numbers for error messages. Lines end
 * at {@code \n}, {@code \r\n} or {@code \r}, as {@link java.io.BufferedReader#readLine} has it.
 */
final class TextLines {
    /** Receives one non-blank line and its 1-based number in the file. */
    @FunctionalInterface
    interface Handler {
        void line(long number, String line);
    }

    static final String MALFORMED_UTF8 = "lines with malformed UTF-8 (bytes replaced by U+FFFD)";
    static final String CONTROL_CHARACTERS = "titles with control characters (NUL etc., replaced by a space)";

    private TextLines() {
    }

    /**
     * Calls {@code handler} for every non-blank line, decoded line by line so no decoding problem
     * goes unnoticed: in a UTF-8 file a malformed byte sequence becomes U+FFFD and is counted in
     * {@code warnings} (a bad byte in one review text must not stop a multi-gigabyte read); in a file
     * documented as a single-byte charset (MovieLens' ISO-8859-1), a line that is valid UTF-8 with
     * non-ASCII characters comes from a re-saved copy and is read as UTF-8, counted too, rather than
     * turned into mojibake ("CafÃ©"). {@code .gz} files are decompressed on the fly; a truncated or
     * damaged one is a {@link DataFormatException} naming the file.
     */
    static void forEach(Path file, Charset charset, ReadWarnings warnings, Handler handler) {
        Decoder decoder = new Decoder(file, charset, warnings);
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        long number = 0;
        try (InputStream in = open(file, gzip)) {
            byte[] buf = new byte[1 << 16];
            byte[] line = new byte[256];
            int length = 0;
            boolean afterCr = false;
            int n;
            while ((n = in.read(buf)) != -1) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != '\n' && b != '\r') {
                        afterCr = false;
                        continue;
                    }
                    if (b == '\n' && afterCr) { // the \n of \r\n: that line was handed over at the \r
                        afterCr = false;
                        start = i + 1;
                        continue;
                    }
                    line = append(line, length, buf, start, i - start);
                    length += i - start;
                    number++;
                    deliver(number, decoder.decode(line, length, number), handler);
                    length = 0;
                    start = i + 1;
                    afterCr = b == '\r';
                }
                line = append(line, length, buf, start, n - start);
                length += n - start;
            }
            if (length > 0) {
                number++;
                deliver(number, decoder.decode(line, length, number), handler);
            }
        } catch (EOFException | ZipException e) {
            if (!gzip) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            throw new DataFormatException(file, number + 1, "gzip data ends early or is damaged "
                    + (number == 0 ? "before the first line" : "after line " + number) + " ("
                    + StorageException.cause(e) + "); the file is truncated or corrupt", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void deliver(long number, String text, Handler handler) {
        if (!text.isBlank()) {
            handler.line(number, text);
        }
    }

    private static byte[] append(byte[] line, int length, byte[] src, int from, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(src, from, line, length, count);
        return line;
    }

    private static InputStream open(Path file, boolean gzip) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (!gzip) {
            return in;
        }
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (ZipException | EOFException e) {
            in.close();
            throw new DataFormatException(file, 0, "not a gzip file, or its header is cut off ("
                    + StorageException.cause(e) + ")", e);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** Per-line decoding with the rules of {@link #forEach}. */
    private static final class Decoder {
        private final Path file;
        private final Charset charset;
        private final ReadWarnings warnings;
        private final CharsetDecoder strictUtf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private final String resaved;

        Decoder(Path file, Charset charset, ReadWarnings warnings) {
            this.file = file;
            this.charset = charset;
            this.warnings = warnings;
            this.resaved = "lines in UTF-8 rather than the documented " + charset.name() + " (read as UTF-8)";
        }

        String decode(byte[] bytes, int length, long line) {
            int i = 0;
            while (i < length && bytes[i] >= 0) {
                i++;
            }
            if (i == length) {
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1); // ASCII: the same in every charset used
            }
            String utf8 = strict(bytes, length);
            if (charset.equals(StandardCharsets.UTF_8)) {
                if (utf8 != null) {
                    return utf8;
                }
                warnings.add(file, line, MALFORMED_UTF8);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (utf8 != null) {
                warnings.add(file, line, resaved);
                return utf8;
            }
            return new String(bytes, 0, length, charset);
        }

        private String strict(byte[] bytes, int length) {
            try {
                return strictUtf8.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    /**
     * A title with NUL or other control characters (C0 and DEL: never part of a title, but they
     * break prompts and terminals) with each run of them replaced by one space, counted in
     * {@code warnings}.
     */
    static String cleanTitle(String title, Path file, long line, ReadWarnings warnings) {
        int i = 0;
        while (i < title.length() && !isControl(title.charAt(i))) {
            i++;
        }
        if (i == title.length()) {
            return title;
        }
        warnings.add(file, line, CONTROL_CHARACTERS);
        StringBuilder sb = new StringBuilder(title.length());
        boolean inRun = false;
        for (int j = 0; j < title.length(); j++) {
            char c = title.charAt(j);
            if (isControl(c)) {
                if (!inRun) {
                    sb.append(' ');
                }
                inRun = true;
            } else {
                sb.append(c);
                inRun = false;
            }
        }
        return sb.toString().trim();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
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
