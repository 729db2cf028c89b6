package dev.aitoingest.api;

import static io.restassured.RestAssured.given;

import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;

/** Requests as a client sends them, with the test profile's keys. */
final class Api {

    static final String READ_KEY = "test-read-key";
    static final String WRITE_KEY = "test-write-key";

    static final String CUSTOMERS_SCHEMA = "{\"columns\":{\"id\":{\"type\":\"Int\"},\"name\":{\"type\":\"String\"},"
            + "\"tags\":{\"type\":\"Text\",\"analyzer\":\"Whitespace\"}}}";

    static final String CUSTOMERS_ROWS = """
            [{"id":0, "name":"anne",     "tags":"london 20s"},
             {"id":1, "name":"bob",      "tags":"nyc 20s"},
             {"id":2, "name":"cecilia",  "tags":"nyc 30s"},
             {"id":3, "name":"david",    "tags":"london 30s"},
             {"id":4, "name":"elisabeth","tags":"london 40s"},
             {"id":5, "name":"felix",    "tags":"nyc 40s"},
             {"id":6, "name":"grace",    "tags":"nyc 50s"},
             {"id":7, "name":"harald",   "tags":"london 50s"},
             {"id":8, "name":"iris",     "tags":"nyc 60s"},
             {"id":9, "name":"john",     "tags":"london 60s"},
             {"id":10, "name":"jane",    "tags":"nyc 60s"}]""";

    private Api() {
    }

    static RequestSpecification writer() {
        return given().header("x-api-key", WRITE_KEY);
    }

    static RequestSpecification reader() {
        return given().header("x-api-key", READ_KEY);
    }

    static String uniqueTable(String base) {
        return base + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String createCustomers() {
        String table = uniqueTable("customers");
        writer().contentType("application/json").body(CUSTOMERS_SCHEMA).put("/api/v1/schema/" + table).then().statusCode(200);
        return table;
    }

    static ValidatableResponse search(String body) {
        return reader().contentType("application/json").body(body).post("/api/v1/_search").then();
    }

    static long total(String table) {
        return search("{\"from\":\"" + table + "\"}").statusCode(200).extract().jsonPath().getLong("total");
    }
}
