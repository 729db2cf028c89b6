package dev.aitoingest.api;

import static dev.aitoingest.api.Api.writer;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code where} operators, {@code orderBy} and paging of {@code _search} as a client sees them:
 * for each query, the ids of the matching rows (in insertion order when there is no orderBy) and
 * {@code total}. One table of ten known rows, uploaded in one batch, serves every test.
 */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class SearchOperatorsTest {

    static final String SCHEMA = """
            {"columns":{
              "id":{"type":"Int"},
              "big":{"type":"Long"},
              "price":{"type":"Decimal"},
              "name":{"type":"String"},
              "tags":{"type":"Text","analyzer":"whitespace"},
              "active":{"type":"Boolean"},
              "score":{"type":"Int","nullable":true}}}""";

    /** score: null in rows 1 and 6, missing in rows 2 and 8. */
    static final String ROWS = """
            [{"id":0,"big":3000000000,          "price":1.50, "name":"anne",    "tags":"london 20s",     "active":true, "score":5},
             {"id":1,"big":-5,                  "price":0.25, "name":"bob",     "tags":"nyc 20s",        "active":false,"score":null},
             {"id":2,"big":9007199254740993,    "price":12,   "name":"cecilia", "tags":"nyc 30s",        "active":true},
             {"id":3,"big":0,                   "price":99.99,"name":"anna",    "tags":"London 30s",     "active":false,"score":10},
             {"id":4,"big":42,                  "price":-3.5, "name":"Bert",    "tags":"london 40s",     "active":true, "score":0},
             {"id":5,"big":9007199254740992,    "price":1.5,  "name":"annabel", "tags":"nyc 40s",        "active":false,"score":-1},
             {"id":6,"big":2147483648,          "price":7,    "name":"david",   "tags":"london-nyc 50s", "active":true, "score":null},
             {"id":7,"big":-9223372036854775808,"price":0.1,  "name":"an",      "tags":"nyc 50s",        "active":false,"score":7},
             {"id":8,"big":9223372036854775807, "price":100,  "name":"émile",   "tags":"paris 60s",      "active":true},
             {"id":9,"big":1,                   "price":2.0,  "name":"zed",     "tags":"london nyc 60s", "active":false,"score":3}]""";

    private static String table;

    /** The table, created and loaded with one batch on first use. */
    private static synchronized String table() {
        if (table == null) {
            String name = Api.uniqueTable("search_ops");
            writer().contentType("application/json").body(SCHEMA).put("/api/v1/schema/" + name).then().statusCode(200);
            writer().contentType("application/json").body(ROWS).post("/api/v1/data/" + name + "/batch")
                    .then().statusCode(200).body("entries", equalTo(10));
            table = name;
        }
        return table;
    }

    /** JSON with single quotes, so the queries read as they are sent. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static ValidatableResponse query(String extra) {
        return Api.search("{\"from\":\"" + table() + "\"," + json(extra) + "}");
    }

    private static void assertMatches(String where, List<Integer> ids) {
        query("'where':" + where + ",'limit':100").statusCode(200)
                .body("offset", equalTo(0)).body("total", equalTo(ids.size())).body("hits.id", equalTo(ids));
    }

    private static Arguments where(String where, Integer... ids) {
        return Arguments.of(where, List.of(ids));
    }

    static Stream<Arguments> operators() {
        return Stream.of(
                // Int
                where("{'id':{'$gt':6}}", 7, 8, 9),
                where("{'id':{'$gte':6}}", 6, 7, 8, 9),
                where("{'id':{'$lt':2}}", 0, 1),
                where("{'id':{'$lte':2}}", 0, 1, 2),
                where("{'id':{'$gt':2,'$lte':5}}", 3, 4, 5),
                where("{'id':4}", 4),
                // Long, compared exactly beyond a double's 53 bits
                where("{'big':{'$gt':9007199254740992}}", 2, 8),
                where("{'big':{'$gte':9007199254740992}}", 2, 5, 8),
                where("{'big':{'$lt':0}}", 1, 7),
                where("{'big':{'$lte':0}}", 1, 3, 7),
                where("{'big':9007199254740993}", 2),
                where("{'big':-9223372036854775808}", 7),
                // Decimal, by value: 1.50 equals 1.5, 2.0 is above 1.5
                where("{'price':{'$gt':1.5}}", 2, 3, 6, 8, 9),
                where("{'price':{'$gte':1.5}}", 0, 2, 3, 5, 6, 8, 9),
                where("{'price':{'$lt':0.25}}", 4, 7),
                where("{'price':{'$lte':0.25}}", 1, 4, 7),
                where("{'price':1.5}", 0, 5),
                where("{'price':{'$gt':1}}", 0, 2, 3, 5, 6, 8, 9),
                // String, by code point: upper case before lower case, é after z
                where("{'name':{'$startsWith':'an'}}", 0, 3, 5, 7),
                where("{'name':{'$startsWith':'ann'}}", 0, 3, 5),
                where("{'name':{'$startsWith':'B'}}", 4),
                where("{'name':{'$gt':'anne'}}", 1, 2, 6, 8, 9),
                where("{'name':{'$gte':'david'}}", 6, 8, 9),
                where("{'name':{'$lt':'b'}}", 0, 3, 4, 5, 7),
                where("{'name':{'$lte':'bob'}}", 0, 1, 3, 4, 5, 7),
                where("{'name':'émile'}", 8),
                where("{'name':'Anne'}"),
                // Text: $startsWith on the whole value, $has on whitespace tokens, case-insensitive
                where("{'tags':{'$startsWith':'london'}}", 0, 4, 6, 9),
                where("{'tags':{'$has':'london'}}", 0, 3, 4, 9),
                where("{'tags':{'$has':'NYC'}}", 1, 2, 5, 7, 9),
                where("{'tags':{'$has':'london-nyc'}}", 6),
                where("{'tags':{'$has':'lon'}}"),
                where("{'tags':'nyc 20s'}", 1),
                // Boolean
                where("{'active':true}", 0, 2, 4, 6, 8),
                where("{'active':false}", 1, 3, 5, 7, 9),
                // nullable: equality with null matches null and missing alike
                where("{'score':null}", 1, 2, 6, 8),
                where("{'score':7}", 7),
                // several columns in one object: all must hold
                where("{'active':false,'score':{'$gte':3}}", 3, 7, 9),
                // $and, $or, $not
                where("{'$and':[{'active':true},{'price':{'$gt':1.5}}]}", 2, 6, 8),
                where("{'$or':[{'name':{'$startsWith':'a'}},{'big':{'$lt':0}}]}", 0, 1, 3, 5, 7),
                where("{'$not':{'tags':{'$has':'london'}}}", 1, 2, 5, 6, 7, 8),
                where("{'$not':{'id':{'$gt':2,'$lte':5}}}", 0, 1, 2, 6, 7, 8, 9),
                where("{'$or':[{'$not':{'active':true}},{'id':0}]}", 0, 1, 3, 5, 7, 9),
                where("{'$and':[{'$or':[{'tags':{'$has':'nyc'}},{'tags':{'$has':'paris'}}]},"
                        + "{'$not':{'$or':[{'id':{'$lt':2}},{'id':{'$gt':8}}]}}]}", 2, 5, 7, 8),
                where("{'$not':{'$not':{'active':true}}}", 0, 2, 4, 6, 8),
                where("{'$and':[{'id':{'$gt':3}},{'$or':[{'score':null},{'score':{'$lt':0}}]}]}", 5, 6, 8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void whereMatchesExactlyTheseRowsInInsertionOrder(String where, List<Integer> ids) {
        assertMatches(where, ids);
    }

    /**
     * The SPEC does not say how a null or missing value compares. What the service does, as SQL
     * does: a null or missing value matches no range operator (nor $startsWith), whatever the bound;
     * and $not is the complement of its condition, so it does match them.
     */
    @Test
    void nullAndMissingValuesMatchNoRangeOperatorAndNotIncludesThem() {
        assertMatches("{'score':{'$gt':0}}", List.of(0, 3, 7, 9));
        assertMatches("{'score':{'$lt':1}}", List.of(4, 5));
        assertMatches("{'score':{'$gte':-2147483648}}", List.of(0, 3, 4, 5, 7, 9));
        assertMatches("{'score':{'$lte':2147483647}}", List.of(0, 3, 4, 5, 7, 9));
        assertMatches("{'$not':{'score':{'$gt':0}}}", List.of(1, 2, 4, 5, 6, 8));
        assertMatches("{'$or':[{'score':{'$gte':0}},{'score':{'$lt':0}}]}", List.of(0, 3, 4, 5, 7, 9));
    }

    @Test
    void rowsReadBackAsStoredWhateverTheFilter() {
        String body = query("'where':{'price':1.5},'limit':100").statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(body).contains("\"price\":1.50").contains("\"price\":1.5,")
                .contains("\"big\":3000000000").contains("\"big\":9007199254740992");
        // the missing score stays missing, the null one null
        query("'where':{'id':{'$gt':0,'$lt':3}},'limit':100").statusCode(200)
                .body("hits[0].containsKey('score')", equalTo(true)).body("hits[0].score", equalTo(null))
                .body("hits[1].containsKey('score')", equalTo(false));
    }

    @Test
    void orderByAscAndDescCombineWithWhere() {
        query("'where':{'active':true},'orderBy':{'$desc':'price'},'limit':100").statusCode(200)
                .body("total", equalTo(5)).body("hits.id", equalTo(List.of(8, 2, 6, 0, 4)));
        query("'where':{'active':true},'orderBy':{'$asc':'price'},'limit':100").statusCode(200)
                .body("total", equalTo(5)).body("hits.id", equalTo(List.of(4, 0, 6, 2, 8)));
        // a plain column name is ascending; strings by code point
        query("'where':{'active':false},'orderBy':'name','limit':100").statusCode(200)
                .body("total", equalTo(5)).body("hits.id", equalTo(List.of(7, 3, 5, 1, 9)));
        query("'where':{'active':false},'orderBy':{'$desc':'name'},'limit':100").statusCode(200)
                .body("hits.id", equalTo(List.of(9, 1, 5, 3, 7)));
        // Long beyond a double's precision
        query("'where':{'big':{'$gt':1000}},'orderBy':{'$desc':'big'},'limit':100").statusCode(200)
                .body("total", equalTo(5)).body("hits.id", equalTo(List.of(8, 2, 5, 0, 6)));
        // nulls and missing values come last either way, in insertion order
        query("'where':{'$not':{'tags':{'$has':'paris'}}},'orderBy':{'$asc':'score'},'limit':100").statusCode(200)
                .body("total", equalTo(9)).body("hits.id", equalTo(List.of(5, 4, 9, 0, 7, 3, 1, 2, 6)));
        query("'where':{'$not':{'tags':{'$has':'paris'}}},'orderBy':{'$desc':'score'},'limit':100").statusCode(200)
                .body("total", equalTo(9)).body("hits.id", equalTo(List.of(3, 7, 0, 9, 4, 5, 1, 2, 6)));
        // equal values keep insertion order
        query("'where':{'id':{'$lt':6}},'orderBy':{'$asc':'active'},'limit':100").statusCode(200)
                .body("hits.id", equalTo(List.of(1, 3, 5, 0, 2, 4)));
        query("'where':{'id':{'$lt':6}},'orderBy':{'$desc':'active'},'limit':100").statusCode(200)
                .body("hits.id", equalTo(List.of(0, 2, 4, 1, 3, 5)));
    }

    @Test
    void offsetAndLimitPageOverAFilteredResult() {
        String where = "'where':{'$not':{'id':4}}";
        query(where + ",'limit':4").statusCode(200)
                .body("offset", equalTo(0)).body("total", equalTo(9)).body("hits.id", equalTo(List.of(0, 1, 2, 3)));
        query(where + ",'offset':4,'limit':4").statusCode(200)
                .body("offset", equalTo(4)).body("total", equalTo(9)).body("hits.id", equalTo(List.of(5, 6, 7, 8)));
        query(where + ",'offset':8,'limit':4").statusCode(200)
                .body("offset", equalTo(8)).body("total", equalTo(9)).body("hits.id", equalTo(List.of(9)));
        query(where + ",'offset':12,'limit':4").statusCode(200)
                .body("offset", equalTo(12)).body("total", equalTo(9)).body("hits", equalTo(List.of()));
        query(where + ",'limit':0").statusCode(200).body("total", equalTo(9)).body("hits", equalTo(List.of()));
    }

    @Test
    void offsetAndLimitPageOverAnOrderedFilteredResult() {
        // prices 1.50 (row 0) and 1.5 (row 5) are equal: they keep insertion order across pages
        String query = "'where':{'name':{'$startsWith':'an'}},'orderBy':{'$desc':'price'}";
        query(query + ",'limit':2").statusCode(200)
                .body("offset", equalTo(0)).body("total", equalTo(4)).body("hits.id", equalTo(List.of(3, 0)));
        query(query + ",'offset':2,'limit':2").statusCode(200)
                .body("offset", equalTo(2)).body("total", equalTo(4)).body("hits.id", equalTo(List.of(5, 7)));
        query(query + ",'offset':3,'limit':2").statusCode(200).body("total", equalTo(4)).body("hits.id", equalTo(List.of(7)));
        query(query + ",'offset':4,'limit':2").statusCode(200).body("total", equalTo(4)).body("hits", equalTo(List.of()));
    }

    @Test
    void withOrderByOffsetPlusLimitIsAtMostTenThousand() {
        // without orderBy, any offset pages in insertion order
        query("'offset':9995,'limit':10").statusCode(200).body("total", equalTo(10)).body("hits", equalTo(List.of()));
        query("'orderBy':'id','offset':9990,'limit':10").statusCode(200).body("hits", equalTo(List.of()));
        query("'orderBy':'id','offset':9995,'limit':10").statusCode(400).body("status", equalTo(400));
        query("'where':{'active':true},'orderBy':{'$desc':'id'},'offset':10000,'limit':1").statusCode(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'id':{'$near':3}}",
        "{'id':{'$eq':3}}",
        "{'$nor':[{'id':1}]}",
        "{'$or':[{'id':1},{'name':{'$contains':'a'}}]}",
        "{'$not':{'$xor':[]}}"
    })
    void anUnknownOperatorIs400(String where) {
        query("'where':" + where).statusCode(400).body("status", equalTo(400))
                .body("message", startsWith("Unknown operator \"$"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'age':3}",
        "{'age':{'$gt':3}}",
        "{'$and':[{'id':1},{'age':3}]}",
        "{'$or':[{'$not':{'age':3}}]}"
    })
    void anUnknownColumnIs400AndNamesIt(String where) {
        query("'where':" + where).statusCode(400).body("status", equalTo(400))
                .body("message", startsWith("Unknown column 'age'"));
    }

    @Test
    void operatorsOnTheWrongKindOfColumnAre400() {
        query("'where':{'name':{'$has':'anne'}}").statusCode(400).body("message", containsString("'name'"));
        query("'where':{'id':{'$startsWith':1}}").statusCode(400).body("message", containsString("'id'"));
        query("'where':{'name':'anne'},'orderBy':{'$desc':'age'}").statusCode(400).body("message", startsWith("Unknown column 'age'"));
    }

    @Test
    void anUnknownTableIs404() {
        Api.search(json("{'from':'no_such_search_table','where':{'id':{'$gt':1}}}")).statusCode(404)
                .body("status", equalTo(404)).body("message", equalTo("No such table: no_such_search_table"));
    }
}
