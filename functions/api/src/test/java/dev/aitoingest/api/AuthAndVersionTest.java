package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class AuthAndVersionTest {

    @Test
    void versionNeedsNoKey() {
        given().get("/version").then().statusCode(200).body("version", matchesPattern("\\d+\\.\\d+\\.\\d+.*"));
    }

    @Test
    void missingOrUnknownKeyIsForbidden() {
        given().get("/api/v1/schema").then().statusCode(403).contentType("application/json")
                .body("message", equalTo("Forbidden")).body("status", equalTo(403));
        given().header("x-api-key", "guess").get("/api/v1/schema").then().statusCode(403).body("message", equalTo("Forbidden"));
        given().header("x-api-key", "guess").contentType("application/json").body("[]")
                .post("/api/v1/data/anything/batch").then().statusCode(403);
    }

    @Test
    void readOnlyKeyReadsButCannotWrite() {
        String table = Api.createCustomers();
        reader().get("/api/v1/schema/" + table).then().statusCode(200);
        Api.search("{\"from\":\"" + table + "\"}").statusCode(200);
        reader().contentType("application/json").body("[{\"id\":1,\"name\":\"x\",\"tags\":\"y\"}]")
                .post("/api/v1/data/" + table + "/batch").then().statusCode(403)
                .body("message", containsString("read-write API key"));
        reader().contentType("application/json").body(Api.CUSTOMERS_SCHEMA).put("/api/v1/schema/" + table)
                .then().statusCode(403);
        reader().delete("/api/v1/schema/" + table).then().statusCode(403);
        writer().get("/api/v1/schema/" + table).then().statusCode(200);
        Api.total(table);
    }

    @Test
    void unknownRoutesAndMethodsAnswerJson() {
        writer().get("/api/v1/nothing-here").then().statusCode(404).body("status", equalTo(404));
        writer().delete("/api/v1/_search").then().statusCode(405).body("status", equalTo(405));
    }
}
