package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.RowError;
import dev.aitoingest.schema.RowValidator;
import dev.aitoingest.schema.SchemaJson;
import dev.aitoingest.storage.SegmentStats;
import dev.aitoingest.storage.SegmentWriter;
import dev.aitoingest.storage.StatsCollector;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Column statistics as the upload readers collect them on the validator's parse. */
class SegmentStatsTest {

    private static final String SCHEMA = "{\"columns\":{\"i\":{\"type\":\"Int\",\"nullable\":true},\"l\":{\"type\":\"Long\",\"nullable\":true},"
            + "\"d\":{\"type\":\"Decimal\",\"nullable\":true},\"s\":{\"type\":\"String\",\"nullable\":true},"
            + "\"t\":{\"type\":\"Text\",\"nullable\":true},\"b\":{\"type\":\"Boolean\",\"nullable\":true}}}";

    private final List<RowError> rejected = new ArrayList<>();

    private SegmentStats ndjson(String rows) throws Exception {
        RowValidator validator = new RowValidator(SchemaJson.readTable("t", Json.MAPPER.readTree(SCHEMA)));
        StatsCollector stats = validator.newStats();
        SegmentWriter writer = new SegmentWriter(1, stats);
        NdjsonRows reader = new NdjsonRows(validator.reportingTo(stats), writer::accept, (error, raw, offset, length) -> rejected.add(error));
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream(rows.getBytes(StandardCharsets.UTF_8)), RowLimits.MAX_ROW_BYTES);
        while (lines.next()) {
            reader.accept(lines);
        }
        return writer.stats();
    }

    private static BigDecimal number(JsonNode node) {
        return node.decimalValue();
    }

    @Test
    void numbersHaveExactBoundsAndNullsCountMissingColumns() throws Exception {
        SegmentStats stats = ndjson("{\"i\":3,\"l\":-9223372036854775808,\"d\":1.50,\"s\":\"m\",\"t\":\"x\",\"b\":true}\n"
                + "{\"i\":-7,\"l\":12,\"d\":-2.25,\"s\":null}\n"
                + "{\"i\":null,\"d\":1.5,\"s\":\"\"}\n"
                + "{\"i\":0,\"d\":100,\"s\":\"zz\"}\n"
                + "{\"d\":0.000000000000000000000000000001}\n");
        assertThat(stats.columns().keySet()).containsExactlyInAnyOrder("i", "l", "d", "s");
        SegmentStats.Column i = stats.column("i");
        assertThat(i.nulls()).isEqualTo(2);
        assertThat(number(i.min())).isEqualByComparingTo("-7");
        assertThat(number(i.max())).isEqualByComparingTo("3");
        SegmentStats.Column l = stats.column("l");
        assertThat(l.nulls()).isEqualTo(3);
        assertThat(l.min().longValue()).isEqualTo(Long.MIN_VALUE);
        assertThat(l.max().longValue()).isEqualTo(12);
        SegmentStats.Column d = stats.column("d");
        assertThat(d.nulls()).isZero();
        assertThat(number(d.min())).isEqualByComparingTo("-2.25");
        assertThat(number(d.max())).isEqualByComparingTo("100");
        SegmentStats.Column s = stats.column("s");
        assertThat(s.nulls()).isEqualTo(2);
        assertThat(s.min().textValue()).isEmpty();
        assertThat(s.max().textValue()).isEqualTo("zz");
    }

    @Test
    void decimalsCompareByValueNotByText() throws Exception {
        SegmentStats stats = ndjson("{\"d\":1.50}\n{\"d\":1.5}\n{\"d\":1.499999999999999999999}\n{\"d\":15e-1}\n{\"d\":1.5000000000000000001}\n");
        assertThat(number(stats.column("d").min())).isEqualTo(new BigDecimal("1.499999999999999999999"));
        assertThat(number(stats.column("d").max())).isEqualTo(new BigDecimal("1.5000000000000000001"));
        SegmentStats same = ndjson("{\"d\":1.50}\n{\"d\":1.5}\n{\"d\":-0.0}\n");
        assertThat(number(same.column("d").min())).isEqualByComparingTo("0");
        assertThat(number(same.column("d").max())).isEqualByComparingTo("1.5");
    }

    @Test
    void valuesOfRejectedRowsNeverCount() throws Exception {
        SegmentStats stats = ndjson("{\"i\":5,\"s\":\"k\"}\n{\"i\":-100,\"d\":-1,\"s\":\"a\",\"b\":\"not a boolean\"}\n"
                + "{\"i\":500,\"s\":\"z\"} trailing\n{\"i\":6,\"s\":\"l\",\"nope\":1}\n{\"i\":7}\n");
        assertThat(rejected).hasSize(3);
        assertThat(number(stats.column("i").min())).isEqualByComparingTo("5");
        assertThat(number(stats.column("i").max())).isEqualByComparingTo("7");
        assertThat(stats.column("s").min().textValue()).isEqualTo("k");
        assertThat(stats.column("s").max().textValue()).isEqualTo("k");
        assertThat(stats.column("s").nulls()).isEqualTo(1);
        assertThat(stats.column("d").nulls()).isEqualTo(2);
        assertThat(stats.column("d").min()).isNull();
    }

    @Test
    void longStringsAreCutToBoundsThatStillHoldEveryValue() throws Exception {
        String low = "a".repeat(100);
        String high = "b".repeat(63) + "\uFFFF" + "zz";
        String escaped = "\\u00e9".repeat(70);
        SegmentStats stats = ndjson("{\"s\":\"" + low + "\"}\n{\"s\":\"" + high + "\"}\n");
        String min = stats.column("s").min().textValue();
        String max = stats.column("s").max().textValue();
        assertThat(min).isEqualTo("a".repeat(64));
        assertThat(min.compareTo(low)).isLessThanOrEqualTo(0);
        assertThat(max).hasSizeLessThanOrEqualTo(64).isEqualTo("b".repeat(62) + "c");
        assertThat(max.compareTo(high)).isPositive();
        assertThat(max.compareTo("b".repeat(63) + "\uFFFF" + "\uFFFF".repeat(100))).isPositive();

        SegmentStats accented = ndjson("{\"s\":\"" + escaped + "\"}\n");
        assertThat(accented.column("s").min().textValue()).isEqualTo("\u00e9".repeat(64));
        assertThat(accented.column("s").max().textValue()).isEqualTo("\u00e9".repeat(63) + "\u00ea");

        // a surrogate pair is never split: a bound must stay valid UTF-8 to be stored
        String emoji = "x".repeat(63) + "\uD83D\uDE00" + "y";
        SegmentStats pairs = ndjson("{\"s\":\"" + emoji + "\"}\n");
        assertThat(pairs.column("s").min().textValue()).isEqualTo("x".repeat(63));
        assertThat(pairs.column("s").max().textValue()).isEqualTo("x".repeat(62) + "y");
        assertThat(pairs.column("s").max().textValue().compareTo(emoji)).isPositive();

        SegmentStats unbounded = ndjson("{\"s\":\"" + "\uFFFF".repeat(65) + "\"}\n");
        assertThat(unbounded.column("s").max()).isNull();
        assertThat(unbounded.column("s").min().textValue()).isEqualTo("\uFFFF".repeat(64));
    }

    @Test
    void batchAndSingleRowReadersCollectToo() throws Exception {
        RowValidator validator = new RowValidator(SchemaJson.readTable("t", Json.MAPPER.readTree(SCHEMA)));
        StatsCollector stats = validator.newStats();
        SegmentWriter writer = new SegmentWriter(1, stats);
        JsonArrayRows.read("[{\"i\":1},{\"i\":-4,\"s\":\"q\"}]".getBytes(StandardCharsets.UTF_8), validator.reportingTo(stats),
                writer::accept, (error, raw, offset, length) -> rejected.add(error));
        SingleRow.read("{\"i\":9}".getBytes(StandardCharsets.UTF_8), validator.reportingTo(stats), writer::accept,
                (error, raw, offset, length) -> rejected.add(error));
        SegmentStats result = writer.stats();
        assertThat(number(result.column("i").min())).isEqualByComparingTo("-4");
        assertThat(number(result.column("i").max())).isEqualByComparingTo("9");
        assertThat(result.column("s").nulls()).isEqualTo(2);
    }
}
