package dev.aitoingest.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.Json;
import dev.aitoingest.ServiceException;
import dev.aitoingest.storage.TableRef;
import dev.aitoingest.testing.TestStorage;
import dev.aitoingest.wiring.CoreComponents;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upload validates against the table as its process read it a moment ago; a schema changed
 * meanwhile by another process never lets a row of the wrong shape in, nor refuses a row of the
 * right one.
 */
class RecentSchemaIntegrationTest {

    private static final String TABLE = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"}}}";

    private final TestStorage storage = TestStorage.fresh();
    private final CoreComponents uploader = storage.core();
    private final CoreComponents admin = storage.core();

    @BeforeEach
    void createAndUploadOnce() throws Exception {
        admin.schemas().putTable("items", Json.MAPPER.readTree(TABLE));
        uploader.writer().appendBatch("items", utf8("[{\"id\":1,\"name\":\"a\"}]"));
    }

    @Test
    void aColumnAddedByAnotherProcessIsAcceptedAtOnce() throws Exception {
        admin.schemas().putColumn("items", "price", Json.MAPPER.readTree("{\"type\":\"Decimal\",\"nullable\":true}"));
        assertThat(uploader.writer().appendBatch("items", utf8("[{\"id\":2,\"name\":\"b\",\"price\":1.5}]"))).isEqualTo(1);
        assertThat(rows()).isEqualTo(2);
    }

    @Test
    void rowsOfTheOldShapeAfterATypeChangeByReplacingTheTableAreRefusedAndStoreNothing() throws Exception {
        admin.schemas().putTable("items", Json.MAPPER.readTree("{\"columns\":{\"id\":{\"type\":\"String\"}}}"));
        assertThatThrownBy(() -> uploader.writer().appendBatch("items", utf8("[{\"id\":3,\"name\":\"c\"}]")))
                .isInstanceOf(ServiceException.class).extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.BAD_REQUEST);
        assertThat(rows()).isZero();
        assertThat(uploader.writer().appendBatch("items", utf8("[{\"id\":\"x\"}]"))).isEqualTo(1);
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void aTableDroppedByAnotherProcessIsNotFound() {
        admin.schemas().deleteTable("items");
        assertThatThrownBy(() -> uploader.writer().appendBatch("items", utf8("[{\"id\":4,\"name\":\"d\"}]")))
                .isInstanceOf(ServiceException.class).extracting(e -> ((ServiceException) e).kind()).isEqualTo(ServiceException.Kind.NOT_FOUND);
    }

    private long rows() {
        return storage.core().commitLog().read(new TableRef("items", admin.schemas().table("items").generation())).rows();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
