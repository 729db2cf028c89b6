package dev.aitoingest.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aitoingest.Json;
import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /api-docs/v3 (where Aito serves its own) and Swagger UI, through the Lambda mock event server. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class OpenApiDocumentTest {

    /** One route of a JAX-RS resource: an HTTP method and a path template. */
    record Route(String method, String path) {
    }

    /** Every route of the resources in this package, read from their annotations. */
    static List<Route> resourceRoutes() throws Exception {
        java.nio.file.Path classes = java.nio.file.Path.of(VersionResource.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(VersionResource.class.getPackageName().replace('.', '/'));
        List<Route> routes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.list(classes)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = VersionResource.class.getPackageName() + "." + file.getFileName().toString().replace(".class", "");
                Class<?> type = Class.forName(name, false, VersionResource.class.getClassLoader());
                Path base = type.getAnnotation(Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (Annotation annotation : method.getAnnotations()) {
                        HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                        if (http != null) {
                            Path sub = method.getAnnotation(Path.class);
                            routes.add(new Route(http.value().toLowerCase(Locale.ROOT),
                                    sub == null ? base.value() : base.value().replaceAll("/$", "") + "/" + sub.value()));
                        }
                    }
                }
            }
        }
        return routes;
    }

    private static JsonNode document() throws Exception {
        String body = given().get("/api-docs/v3?format=json").then().statusCode(200).extract().asString();
        return Json.MAPPER.readTree(body);
    }

    @Test
    void listsEveryRouteOfTheResources() throws Exception {
        JsonNode paths = document().get("paths");
        List<Route> routes = resourceRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(18);
        for (Route route : routes) {
            JsonNode operation = paths.path(route.path()).path(route.method());
            assertThat(operation.isObject()).as("%s %s in the document", route.method(), route.path()).isTrue();
            assertThat(operation.path("summary").asText()).as("summary of %s %s", route.method(), route.path()).isNotBlank();
            boolean needsKey = route.path().startsWith("/api/");
            assertThat(operation.path("security").toString().contains("apiKey")).as("x-api-key on %s", route.path()).isEqualTo(needsKey);
        }
    }

    @Test
    void carriesTheSpecExamplesAndTheKeyScheme() throws Exception {
        JsonNode doc = document();
        JsonNode scheme = doc.at("/components/securitySchemes/apiKey");
        assertThat(scheme.path("in").asText()).isEqualTo("header");
        assertThat(scheme.path("name").asText()).isEqualTo("x-api-key");

        JsonNode batch = doc.at("/paths/~1api~1v1~1data~1{table}~1batch/post");
        assertThat(batch.at("/requestBody/content/application~1json/examples/customers/value").size()).isEqualTo(3);
        assertThat(batch.at("/responses/200/content/application~1json/examples/stored/value/status").asText()).isEqualTo("ok");
        assertThat(batch.at("/responses/413/$ref").asText()).isEqualTo("#/components/responses/PayloadTooLarge");
        assertThat(doc.at("/paths/~1api~1v1~1data~1{table}~1stream/post/requestBody/content/application~1x-ndjson/examples/customers/$ref")
                .asText()).isEqualTo("#/components/examples/CustomersNdjson");
        assertThat(doc.at("/components/examples/CustomersNdjson/value").asText()).hasLineCount(2);

        JsonNode status = doc.at("/paths/~1api~1v1~1data~1{table}~1file~1{id}/get/responses/200/content/application~1json/examples/processing/value");
        assertThat(status.at("/errors/message").asText()).isEqualTo("Last 3 failing rows");
        assertThat(status.at("/status/phase").asText()).isEqualTo("processing");
        assertThat(doc.at("/components/responses/Forbidden/content/application~1json/example/message").asText()).isEqualTo("Forbidden");
    }

    @Test
    void servesSwaggerUi() {
        given().get("/api-docs/ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
