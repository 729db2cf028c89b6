package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.Json;
import dev.aitoingest.query.SearchRequest;
import dev.aitoingest.query.SearchResult;
import dev.aitoingest.query.SearchService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Reading rows back: {@code _search} and its alias {@code _query}. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class SearchResource {

    @Inject
    SearchService search;

    @POST
    @Path("_search")
    public ObjectNode search(byte[] body) {
        return answer(search.search(SearchRequest.parse(Json.readBody(body))));
    }

    @POST
    @Path("_query")
    public ObjectNode query(byte[] body) {
        return search(body);
    }

    private static ObjectNode answer(SearchResult result) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("offset", result.offset());
        body.put("total", result.total());
        result.hits().forEach(body.putArray("hits")::add);
        return body;
    }
}
