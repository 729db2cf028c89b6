package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchService;
import dev.aitoingest.schema.SchemaService;
import dev.aitoingest.storage.TableCommitLog;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads through the one commit path, read back by search, on s3proxy and dynalite. */
class TableWriterIntegrationTest {

    static final String CUSTOMERS = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
            + "\"tags\":{\"type\":\"Text\",\"analyzer\":\"Whitespace\",\"nullable\":true}}}";

    private final TestStorage storage = TestStorage.fresh();
    private TableCommitLog log;
    private SchemaService schemas;
    private TableWriter writer;
    private SearchService search;

    @BeforeEach
    void createCustomers() throws Exception {
        wire();
        schemas.putTable("customers", Json.MAPPER.readTree(CUSTOMERS));
    }

    /** New services over the same storage: what a fresh Lambda instance would have. */
    private void wire() {
        CoreComponents core = storage.core();
        log = core.commitLog();
        schemas = core.schemas();
        writer = core.writer();
        search = core.search();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private JsonNode query(String body) throws Exception {
        var result = search.search(SearchRequest.parse(Json.MAPPER.readTree(body)));
        var node = Json.MAPPER.createObjectNode().put("offset", result.offset()).put("total", result.total());
        result.hits().forEach(node.putArray("hits")::add);
        return node;
    }

    @Test
    void aBatchIsStoredAndReadBackAsSent() throws Exception {
        long n = writer.appendBatch("customers", utf8("[{\"id\":0,\"name\":\"anne\",\"tags\":\"london 20s\"},"
                + "{\"id\":1,\"name\":\"bob\",\"tags\":\"nyc 20s\"},{\"id\":2,\"name\":\"cecilia\",\"tags\":\"nyc 30s\"}]"));
        assertThat(n).isEqualTo(3);
        JsonNode all = query("{\"from\":\"customers\"}");
        assertThat(all.get("total").asLong()).isEqualTo(3);
        assertThat(all.get("hits").get(0).toString()).isEqualTo("{\"id\":0,\"name\":\"anne\",\"tags\":\"london 20s\"}");
        JsonNode nyc = query("{\"from\":\"customers\",\"where\":{\"tags\":{\"$has\":\"nyc\"}},\"select\":[\"name\"]}");
        assertThat(nyc.get("hits").toString()).isEqualTo("[{\"name\":\"bob\"},{\"name\":\"cecilia\"}]");
        JsonNode ordered = query("{\"from\":\"customers\",\"orderBy\":{\"$desc\":\"id\"},\"limit\":2,\"offset\":1}");
        assertThat(ordered.get("hits").findValuesAsText("name")).containsExactly("bob", "anne");
        assertThat(query("{\"from\":\"customers\",\"where\":{\"id\":1}}").get("hits").get(0).get("name").asText()).isEqualTo("bob");
    }

    @Test
    void oneBadRowStoresNothing() {
        assertThatThrownBy(() -> writer.appendBatch("customers",
                utf8("[{\"id\":0,\"name\":\"anne\",\"tags\":null},{\"id\":\"1\",\"name\":\"bob\",\"tags\":null}]")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.errorCount()).isEqualTo(1);
                    assertThat(e.errors().get(0).row()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("row 1, column 'id': expected Int, got String \"1\"");
                });
        assertThatThrownBy(() -> writer.appendStream("customers", utf8("{\"id\":0,\"name\":\"a\",\"tags\":null}\n{\"id\":1}\n")))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.errors().get(0).line()).isEqualTo(2));
        assertThat(log.read(new dev.aitoingest.storage.TableRef("customers", schemas.table("customers").generation())).rows()).isZero();
    }

    @Test
    void unknownTableIsNotFound() {
        assertThatThrownBy(() -> writer.appendBatch("nope", utf8("[]")))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.kind()).isEqualTo(ServiceException.Kind.NOT_FOUND));
    }

    @Test
    void sixteenConcurrentBatchesAllLandExactlyOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Long>> results = new ArrayList<>();
        for (int b = 0; b < 16; b++) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 100; i++) {
                int id = b * 100 + i;
                batch.append(i == 0 ? "" : ",").append("{\"id\":").append(id).append(",\"name\":\"n").append(id).append("\",\"tags\":null}");
            }
            byte[] body = utf8(batch.append("]").toString());
            results.add(pool.submit(() -> writer.appendBatch("customers", body)));
        }
        for (Future<Long> r : results) {
            assertThat(r.get()).isEqualTo(100);
        }
        pool.shutdown();
        wire();
        JsonNode all = query("{\"from\":\"customers\",\"limit\":10000}");
        assertThat(all.get("total").asLong()).isEqualTo(1600);
        Set<Integer> ids = new HashSet<>();
        all.get("hits").forEach(hit -> ids.add(hit.get("id").asInt()));
        assertThat(ids).hasSize(1600);
    }

    @Test
    void everyCommittedRowSurvivesARestartOfTheStorageLayer() throws Exception {
        writer.appendStream("customers", utf8("{\"id\":1,\"name\":\"a\",\"tags\":\"x\"}\n\n{\"id\":2,\"name\":\"b\",\"tags\":\"y\"}\n"));
        writer.appendOne("customers", utf8("{\"id\":3,\"name\":\"c\",\"tags\":null}"));
        wire();
        JsonNode page = query("{\"from\":\"customers\",\"offset\":1,\"limit\":5}");
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(page.get("hits").findValuesAsText("name")).containsExactly("b", "c");
    }

    @Test
    void replacingATableEmptiesItAndDecimalsKeepTheirDigits() throws Exception {
        schemas.putTable("prices", Json.MAPPER.readTree("{\"columns\":{\"p\":{\"type\":\"Decimal\"},\"j\":{\"type\":\"Json\",\"nullable\":true}}}"));
        writer.appendBatch("prices", utf8("[{\"p\":1.50,\"j\":{\"a\":[1,2.0]}}]"));
        assertThat(query("{\"from\":\"prices\"}").get("hits").get(0).toString()).isEqualTo("{\"p\":1.50,\"j\":{\"a\":[1,2.0]}}");
        schemas.putTable("prices", Json.MAPPER.readTree("{\"columns\":{\"p\":{\"type\":\"Decimal\"}}}"));
        assertThat(query("{\"from\":\"prices\"}").get("total").asLong()).isZero();
    }
}
