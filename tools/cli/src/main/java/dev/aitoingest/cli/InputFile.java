package dev.aitoingest.cli;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;

/**
 * A data file checked against what its name (or --format) says before anything is sent: gzip when
 * it says .gz, text in UTF-8, JSON starting as JSON, CSV not starting as JSON.
 */
record InputFile(Path path, DataFormat format, boolean gzipped, char delimiter, long size) {

    private static final int SNIFF_BYTES = 64 * 1024;

    static InputFile of(Path path, DataFormat forced, Character delimiterOption) {
        if (!Files.isRegularFile(path)) {
            throw new CliException("No such file: " + path);
        }
        String name = path.getFileName().toString();
        DataFormat named = DataFormat.fromName(name);
        DataFormat format = forced != null ? forced : named;
        if (format == null) {
            throw new CliException("Cannot tell the format of " + name + ": name it .ndjson, .json or .csv (.gz too), or pass --format");
        }
        try {
            long size = Files.size(path);
            boolean gzipped = startsWithGzipMagic(path);
            if (name.toLowerCase(Locale.ROOT).endsWith(".gz") && !gzipped) {
                throw new CliException(name + " is not gzip: it does not start with gzip's magic number");
            }
            char delimiter = delimiter(name, format, delimiterOption);
            InputFile file = new InputFile(path, format, gzipped, delimiter, size);
            DataFormat content = file.checkContent();
            return content == format ? file : new InputFile(path, content, gzipped, delimiter, size);
        } catch (IOException e) {
            throw new CliException("Cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static char delimiter(String name, DataFormat format, Character option) {
        if (option != null) {
            if (",;|\t".indexOf(option) < 0) {
                throw new CliException("The delimiter must be one of , ; | or tab, not '" + option + "'");
            }
            return option;
        }
        return format == DataFormat.CSV && name.toLowerCase(Locale.ROOT).replaceFirst("\\.gz$", "").endsWith(".tsv") ? '\t' : ',';
    }

    private static boolean startsWithGzipMagic(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    String name() {
        return path.getFileName().toString();
    }

    /** The file's text, gunzipped when it is gzip (every member of a multi-member file). */
    InputStream openText() throws IOException {
        return openText(bytes -> { });
    }

    /** The file's text; {@code rawBytesRead} hears the bytes read from the file itself, for a progress bar. */
    InputStream openText(LongConsumer rawBytesRead) throws IOException {
        InputStream raw = new BufferedInputStream(new CountingInputStream(Files.newInputStream(path), rawBytesRead), 1 << 16);
        return gzipped ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /** The format the content confirms: a .json file of one object per line is NDJSON. */
    private DataFormat checkContent() throws IOException {
        byte[] sample;
        try (InputStream in = openText()) {
            sample = in.readNBytes(SNIFF_BYTES);
        } catch (IOException e) {
            throw new CliException(name() + " is not readable gzip: " + e.getMessage(), e);
        }
        int start = sample.length >= 3 && (sample[0] & 0xff) == 0xef && (sample[1] & 0xff) == 0xbb && (sample[2] & 0xff) == 0xbf ? 3 : 0;
        while (start < sample.length && Character.isWhitespace(sample[start])) {
            start++;
        }
        if (start == sample.length) {
            throw new CliException(name() + " is empty: it holds no rows");
        }
        for (byte b : sample) {
            if (b == 0) {
                throw new CliException(name() + " is not text: it holds a NUL byte" + (gzipped ? " once gunzipped" : ""));
            }
        }
        checkUtf8(sample);
        char first = (char) sample[start];
        switch (format) {
            case NDJSON -> {
                if (first != '{') {
                    throw new CliException(name() + " is not NDJSON: its first row does not start with '{'" + startsAs(first));
                }
            }
            case JSON -> {
                if (first == '{') {
                    return DataFormat.NDJSON;
                }
                if (first != '[') {
                    throw new CliException(name() + " is not JSON: it starts with '" + first + "'" + startsAs(first));
                }
            }
            case CSV -> {
                if (first == '{' || first == '[') {
                    throw new CliException(name() + " is not CSV: it starts like JSON; pass --format ndjson or json");
                }
            }
        }
        return format;
    }

    private static String startsAs(char first) {
        return Character.isLetterOrDigit(first) || first == '"' ? " (CSV? pass --format csv)" : "";
    }

    /** Strict UTF-8 up to the sample's last line break, so a character cut at the sample's end is no error. */
    private void checkUtf8(byte[] sample) {
        int end = sample.length;
        if (sample.length == SNIFF_BYTES) {
            while (end > 0 && sample[end - 1] != '\n') {
                end--;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(sample, 0, end));
        } catch (CharacterCodingException e) {
            throw new CliException(name() + " is not UTF-8 text");
        }
    }

    private static final class CountingInputStream extends FilterInputStream {

        private final LongConsumer counted;

        CountingInputStream(InputStream in, LongConsumer counted) {
            super(in);
            this.counted = counted;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted.accept(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted.accept(n);
            }
            return n;
        }
    }
}
