package dev.aitoingest.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.aitoingest.Json;
import dev.aitoingest.storage.SegmentStats;
import dev.aitoingest.storage.StatsCollector;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct check must never accept a row the parser's check refuses, and must report the same
 * values: compared here over rows built from tricky values and then broken byte by byte.
 */
class DirectRowCheckTest {

    private static final RowValidator VALIDATOR = validator("{\"columns\":{\"id\":{\"type\":\"Int\"},"
            + "\"big\":{\"type\":\"Long\",\"nullable\":true},\"name\":{\"type\":\"String\"},"
            + "\"tags\":{\"type\":\"Text\",\"nullable\":true},\"price\":{\"type\":\"Decimal\",\"nullable\":true},"
            + "\"active\":{\"type\":\"Boolean\",\"nullable\":true},\"attrs\":{\"type\":\"Json\",\"nullable\":true},"
            + "\"päivä\":{\"type\":\"String\",\"nullable\":true}}}");

    private static RowValidator validator(String schema) {
        try {
            return new RowValidator(SchemaJson.readTable("rows", Json.MAPPER.readTree(schema)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each column's values: valid ones first, then ones the parser's check refuses. */
    private static final String[][] INTS = {{"0", "-0", "7", "-12", "2147483647", "-2147483648", "999999999", "1000000000", "null"},
        {"2147483648", "-2147483649", "01", "1.0", "1e2", "-", "12a", "\"3\"", "123456789012345678"}};
    private static final String[][] LONGS = {{"9223372036854775807", "-9223372036854775808", "123456789012345678",
        "-123456789012345678", "1234567890123456789", "0", "null"}, {"9223372036854775808", "-9223372036854775809", "1.5", "1e3"}};
    private static final String[][] STRINGS = {{"\"\"", "\"anne\"", "\"a\\\"b\"", "\"tab\\there\"", "\"\\u00e4\\u0000\"",
        "\"\\ud83d\\ude00\"", "\"\\ud800\"", "\"päivää\"", "\"€uro\"", "\"😀 smile\"", "\"\\/\\\\\\b\\f\\n\\r\"",
        "\"zz\"", "\"A\"", "\"\u007f\"", "\"a long value that runs on past the point where most bounds stop\""},
        {"\"bad\\x\"", "\"\\u12g4\"", "12", "null", "[\"a\"]"}};
    private static final String[][] DECIMALS = {{"0", "1.50", "-3e10", "2.5E-3", "1e+2", "-0.0", "123456789012345678901234567890",
        "99999.99", "null", "7"}, {"1.", ".5", "1e", "01.5", "-", "+1", "1.5.2", "NaN", "\"1\""}};
    private static final String[][] BOOLEANS = {{"true", "false", "null"}, {"True", "truex", "1", "\"true\""}};
    private static final String[][] JSONS = {{"{}", "[]", "{\"k\":3,\"v\":[\"a\",\"b\"]}", "[1,[2,[3,{\"x\":null}]]]", "\"s\"",
        "3.5", "true", "null", "{\"dup\":1,\"dup\":2}", "{\"\\u0041\":\"é\"}", "[1e5,-0.5E-7]",
        "[".repeat(70) + "]".repeat(70), "[".repeat(60) + "]".repeat(60)},
        {"{\"a\":}", "[1,]", "{\"a\" 1}", "[1 2]", "{\"k\":tru}", "-01", "{\"k\":1}}"}};
    private static final String[] NAMES = {"id", "big", "name", "tags", "price", "active", "attrs", "päivä", "nope", "i\\u0064", "Id"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void acceptsOnlyWhatTheParserAcceptsAndReportsTheSameValues(long seed) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        int parserValid = 0;
        int direct = 0;
        for (int n = 0; n < 40_000; n++) {
            byte[] row = row(random);
            if (random.nextInt(3) == 0) {
                row = broken(row, random);
            }
            StatsCollector parserStats = VALIDATOR.newStats();
            boolean valid = parserAccepts(VALIDATOR.reportingTo(parserStats), row);
            StatsCollector directStats = VALIDATOR.newStats();
            boolean accepted = VALIDATOR.reportingTo(directStats).acceptsDirectly(row, 0, row.length);
            String shown = new String(row, StandardCharsets.UTF_8);
            if (accepted) {
                assertThat(valid).as("accepted directly, refused by the parser: %s", shown).isTrue();
                parserStats.commitRow();
                directStats.commitRow();
                assertThat(result(directStats)).as("values reported for %s", shown).isEqualTo(result(parserStats));
                direct++;
            } else {
                directStats.commitRow();
                assertThat(directStats.result().columns().values()).as("nothing reported for %s", shown)
                        .allSatisfy(column -> assertThat(column.min()).isNull());
            }
            if (valid) {
                parserValid++;
            }
        }
        assertThat(direct).as("rows the parser accepts that the direct check proves").isGreaterThan(parserValid * 3 / 4);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "{\"id\":1,\"name\":\"a\\'b\"}", "{\"id\":1,\"name\":\"a\tb\"}", "{\"id\":01,\"name\":\"a\"}",
        "{\"id\":2147483648,\"name\":\"a\"}", "{\"id\":1,\"big\":9223372036854775808,\"name\":\"a\"}",
        "{\"id\":1,\"big\":-9223372036854775809,\"name\":\"a\"}", "{\"id\":1,\"name\":\"a\",\"price\":1.}",
        "{\"id\":1,\"name\":\"a\",}", "{\"id\":1,\"name\":\"a\"} x", "{\"id\":1,\"name\":\"a\",\"attrs\":[1,]}",
        "{\"id\":1,\"name\":\"SURROGATE\"}", "{\"id\":1,\"name\":\"a\",\"active\":tru}",
        "{\"id\":1,\"name\":\"a\",\"attrs\":{\"k\" 1}}", "{\"id\":1,\"name\":\"a\",\"id\":2}", "{\"name\":\"a\"}",
        "{\"id\":1,\"name\":\"a\",\"nope\":1}", "{\"id\":1,\"name\":\"a\\u12\"}", "{\"id\":-,\"name\":\"a\"}",
        "[{\"id\":1,\"name\":\"a\"}]", "{\"id\":1,\"name\":\"a\"", "{\"id\":1,\"name\":null}"
    })
    void leavesWhatTheParserRefusesToTheParser(String text) throws Exception {
        byte[] row = text.replace("SURROGATE", "\u0000").getBytes(StandardCharsets.UTF_8);
        int at = text.indexOf("SURROGATE");
        if (at >= 0) {
            byte[] surrogate = {(byte) 0xed, (byte) 0xa0, (byte) 0x80};
            byte[] spliced = new byte[row.length + 2];
            System.arraycopy(row, 0, spliced, 0, at);
            System.arraycopy(surrogate, 0, spliced, at, 3);
            System.arraycopy(row, at + 1, spliced, at + 3, row.length - at - 1);
            row = spliced;
        }
        assertThat(parserAccepts(VALIDATOR.reportingTo(VALIDATOR.newStats()), row)).as("the parser's check").isFalse();
        assertThat(VALIDATOR.reportingTo(VALIDATOR.newStats()).acceptsDirectly(row, 0, row.length)).as("the direct check").isFalse();
    }

    @Test
    void aSharedValidatorWithoutStatisticsChecksToo() {
        byte[] row = "{\"id\":1,\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        byte[] missing = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(VALIDATOR.acceptsDirectly(row, 0, row.length)).isTrue();
        assertThat(VALIDATOR.acceptsDirectly(missing, 0, missing.length)).isFalse();
    }

    private static SegmentStats result(StatsCollector stats) {
        return stats.result();
    }

    /** As a line alone is checked with a parser: one object, then nothing but whitespace. */
    private static boolean parserAccepts(RowValidator validator, byte[] row) throws Exception {
        try (JsonParser p = Json.FACTORY.createParser(row)) {
            p.nextToken();
            return validator.validate(p) == null && p.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static byte[] row(SplittableRandom random) {
        StringBuilder b = new StringBuilder("{");
        int fields = random.nextInt(9);
        String[] order = NAMES.clone();
        for (int i = 0; i < fields; i++) {
            String name = random.nextInt(10) == 0 ? order[random.nextInt(order.length)] : order[i % 8];
            if (b.length() > 1) {
                b.append(random.nextInt(8) == 0 ? " , " : ",");
            }
            b.append('"').append(name).append('"').append(random.nextInt(8) == 0 ? " : " : ":");
            b.append(value(name, random));
        }
        b.append('}');
        if (random.nextInt(10) == 0) {
            b.insert(0, " \t").append(random.nextBoolean() ? "  \r" : " {}");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String value(String name, SplittableRandom random) {
        String[][] values = switch (name) {
            case "id" -> INTS;
            case "big" -> LONGS;
            case "name", "päivä", "tags" -> STRINGS;
            case "price" -> DECIMALS;
            case "active" -> BOOLEANS;
            case "attrs" -> JSONS;
            default -> STRINGS;
        };
        if (random.nextInt(12) == 0) {
            String[][][] all = {INTS, LONGS, STRINGS, DECIMALS, BOOLEANS, JSONS};
            values = all[random.nextInt(all.length)];
        }
        String[] choices = values[random.nextInt(5) == 0 ? 1 : 0];
        return choices[random.nextInt(choices.length)];
    }

    private static final byte[] NOISE = "{}[]:,\"\\ \t\r\n-+.eE0123456789afnrstux'".getBytes(StandardCharsets.US_ASCII);
    /** Byte sequences, well-formed UTF-8 or not: overlong forms, surrogates, beyond U+10FFFF, cut short. */
    private static final int[][] RAW = {{0x00}, {0x09}, {0x1f}, {0x7f}, {0x80}, {0xff}, {0xc3, 0xa4}, {0xe2, 0x82, 0xac},
        {0xf0, 0x9f, 0x98, 0x80}, {0xc0, 0x80}, {0xc1, 0xbf}, {0xe0, 0x80, 0x80}, {0xe0, 0x9f, 0xbf}, {0xed, 0xa0, 0x80},
        {0xf0, 0x80, 0x80, 0x80}, {0xf0, 0x8f, 0xbf, 0xbf}, {0xf4, 0x90, 0x80, 0x80}, {0xf5, 0x80, 0x80, 0x80}, {0xc3},
        {0xe2, 0x82}, {0xf0, 0x9f, 0x98}, {0xc3, 0x28}, {0xe2, 0x28, 0xac}};

    /** The row with a few bytes inserted, removed or replaced. */
    private static byte[] broken(byte[] row, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(row);
        byte[] bytes = out.toByteArray();
        for (int edits = 1 + random.nextInt(2); edits > 0 && bytes.length > 0; edits--) {
            int at = random.nextInt(bytes.length);
            byte[] noise;
            if (random.nextInt(3) == 0) {
                int[] raw = RAW[random.nextInt(RAW.length)];
                noise = new byte[raw.length];
                for (int k = 0; k < raw.length; k++) {
                    noise[k] = (byte) raw[k];
                }
            } else {
                noise = new byte[] {NOISE[random.nextInt(NOISE.length)]};
            }
            ByteArrayOutputStream edited = new ByteArrayOutputStream();
            edited.write(bytes, 0, at);
            switch (random.nextInt(3)) {
                case 0 -> {
                    edited.writeBytes(noise);
                    edited.write(bytes, at, bytes.length - at);
                }
                case 1 -> edited.write(bytes, at + 1, bytes.length - at - 1);
                default -> {
                    edited.writeBytes(noise);
                    edited.write(bytes, at + 1, bytes.length - at - 1);
                }
            }
            bytes = edited.toByteArray();
        }
        return bytes;
    }
}
