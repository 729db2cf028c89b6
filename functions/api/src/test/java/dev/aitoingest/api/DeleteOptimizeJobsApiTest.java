package dev.aitoingest.api;

import static dev.aitoingest.api.Api.reader;
import static dev.aitoingest.api.Api.writer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** `_delete`, optimize and Aito's jobs API for both, as the SDK calls them. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class DeleteOptimizeJobsApiTest {

    private static JsonPath finished(String id) throws InterruptedException {
        for (int poll = 0; poll < 100; poll++) {
            JsonPath job = reader().get("/api/v1/jobs/" + id).then().statusCode(200).extract().jsonPath();
            if (job.get("finishedAt") != null) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    @Test
    void deleteAndOptimizeWithinTheRequest() {
        String table = Api.createCustomers();
        writer().contentType("application/json").body(Api.CUSTOMERS_ROWS).post("/api/v1/data/" + table + "/batch").then().statusCode(200);
        writer().contentType("application/json").body("{\"from\":\"" + table + "\",\"where\":{\"tags\":{\"$has\":\"london\"}}}")
                .post("/api/v1/data/_delete").then().statusCode(200).body("total", equalTo(5));
        assertThat(Api.total(table)).isEqualTo(6);
        writer().contentType("application/json").body("{}").post("/api/v1/data/" + table + "/optimize").then().statusCode(200)
                .body("size()", equalTo(0));
        assertThat(Api.total(table)).isEqualTo(6);
        reader().contentType("application/json").body("{\"from\":\"" + table + "\"}").post("/api/v1/data/_delete").then().statusCode(403);
        writer().contentType("application/json").body("{\"from\":\"" + table + "\",\"where\":{\"nope\":1}}")
                .post("/api/v1/data/_delete").then().statusCode(400);
        writer().contentType("application/json").body("{\"from\":\"no_such_table\"}").post("/api/v1/data/_delete").then().statusCode(404);
    }

    @Test
    void jobsShowFinishedAtOnlyOnceDoneAndAnswerTheirResult() throws Exception {
        String table = Api.createCustomers();
        writer().contentType("application/json").body(Api.CUSTOMERS_ROWS).post("/api/v1/data/" + table + "/batch").then().statusCode(200);
        JsonPath delete = writer().contentType("application/json").body("{\"from\":\"" + table + "\",\"where\":{\"id\":{\"$lt\":3}}}")
                .post("/api/v1/jobs/data/_delete").then().statusCode(200)
                .body("path", equalTo("/api/v1/data/_delete")).body("parameters.from", equalTo(table))
                .body("startedAt", notNullValue()).body("finishedAt", nullValue()).extract().jsonPath();
        finished(delete.getString("id"));
        reader().get("/api/v1/jobs/" + delete.getString("id") + "/result").then().statusCode(200).body("total", equalTo(3));

        String optimize = writer().contentType("application/json").body("{}").post("/api/v1/jobs/data/" + table + "/optimize")
                .then().statusCode(200).body("path", equalTo("/api/v1/data/" + table + "/optimize")).extract().path("id");
        finished(optimize);
        reader().get("/api/v1/jobs/" + optimize + "/result").then().statusCode(200).body("size()", equalTo(0));
        assertThat(Api.total(table)).isEqualTo(8);

        assertThat(reader().get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("jobs.id"))
                .contains(delete.getString("id"), optimize);
        reader().contentType("application/json").body("{}").post("/api/v1/jobs/data/" + table + "/optimize").then().statusCode(403);
        writer().contentType("application/json").body("{}").post("/api/v1/jobs/data/no_such_table/optimize").then().statusCode(404);
        reader().get("/api/v1/jobs/6b2f0a1e-0000-4000-8000-000000000000").then().statusCode(404);
        reader().get("/api/v1/jobs/not-a-uuid").then().statusCode(400);
    }
}
