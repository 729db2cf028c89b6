package dev.aitoingest.api;

/**
 * The request and answer examples of SPEC.md, for the OpenAPI document (annotations need constants).
 * SmallRye reads a value that parses as JSON as JSON, so the NDJSON example lives in META-INF/openapi.yaml.
 */
final class ApiExamples {

    static final String DATABASE_SCHEMA = """
            {"schema": {"customers": {"columns": {"id": {"type": "Int"}, "name": {"type": "String"},
              "tags": {"type": "Text", "analyzer": "Whitespace"}}}}}""";

    static final String DATABASE_SCHEMA_ANSWER = """
            {"schema": {"customers": {"type": "table", "columns": {"id": {"type": "Int", "nullable": false},
              "name": {"type": "String", "nullable": false},
              "tags": {"type": "Text", "nullable": false, "analyzer": "Whitespace"}}}}}""";

    static final String TABLE_SCHEMA = """
            {"type": "table", "columns": {"id": {"type": "Int"}, "name": {"type": "String"},
              "tags": {"type": "Text", "analyzer": "Whitespace"}}}""";

    static final String TABLE_SCHEMA_ANSWER = """
            {"type": "table", "columns": {"id": {"type": "Int", "nullable": false},
              "name": {"type": "String", "nullable": false},
              "tags": {"type": "Text", "nullable": false, "analyzer": "Whitespace"}}}""";

    static final String COLUMN = """
            {"type": "String", "nullable": true, "value": "unknown"}""";

    static final String COLUMN_ANSWER = """
            {"type": "String", "nullable": true}""";

    static final String DELETED = """
            {"deleted": ["customers"]}""";

    static final String ROW = """
            {"id": 0, "name": "anne", "tags": "london 20s"}""";

    static final String ROWS = """
            [{"id": 0, "name": "anne", "tags": "london 20s"}, {"id": 1, "name": "bob", "tags": "nyc 20s"},
             {"id": 2, "name": "cecilia", "tags": "nyc 30s"}]""";

    static final String STORED = """
            {"entries": 3, "status": "ok"}""";

    static final String FILE_INIT_ANSWER = """
            {"id": "3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90",
             "url": "https://aito-ingest-data-123456789012-eu-west-1.s3.eu-west-1.amazonaws.com/uploads/customers/3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90.ndjson.gz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=...",
             "method": "PUT", "expires": "2026-11-24T11:00:00Z"}""";

    static final String TRIGGER_ANSWER = """
            {"id": "3f1c8a52-7d4e-4b9a-9c21-6e0d5a7b8c90", "status": "started"}""";

    static final String JOB_STATUS = """
            {"status": {"finished": false, "completedCount": 120000, "lastSuccessfulElement": {"id": 119999, "name": "..."},
              "startedAt": "2026-11-24T10:00:00.000Z", "finishedAt": null, "throughput": "85000 rows/s",
              "totalDuration": "1.4 s", "totalDurationMs": 1412, "phase": "processing", "failedCount": 3,
              "bytesTotal": 52428800, "bytesRead": 12582912, "progress": 0.24},
             "errors": {"message": "Last 3 failing rows", "rows": [{"id": "x", "name": "bad"}],
              "details": [{"line": 17, "column": "id", "message": "line 17, column 'id': expected Int, got String \\"x\\""}]}}""";

    static final String SEARCH = """
            {"from": "customers", "where": {"tags": {"$has": "london"}}, "orderBy": {"$desc": "id"},
             "select": ["id", "name"], "offset": 0, "limit": 10}""";

    static final String SEARCH_ANSWER = """
            {"offset": 0, "total": 3, "hits": [{"id": 4, "name": "elisabeth"}, {"id": 3, "name": "david"},
              {"id": 0, "name": "anne"}]}""";

    static final String VERSION = """
            {"version": "0.1.0"}""";

    private ApiExamples() {
    }
}
