package dev.aitoingest.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aitoingest.auth.AccessControl;
import dev.aitoingest.auth.Caller;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every call under /api/v1 needs a key in {@code x-api-key}: reads take either Aito key, writes the
 * read-write key, and a scoped key only the upload routes below, for its own tables (and, for a
 * file job's trigger and status, its own jobs).
 */
public class ApiKeyFilter {

    static final String UPLOAD_ONE = "POST /api/v1/data/{table}";
    static final String UPLOAD_BATCH = "POST /api/v1/data/{table}/batch";
    static final String UPLOAD_STREAM = "POST /api/v1/data/{table}/stream";
    static final String FILE_INIT = "POST /api/v1/data/{table}/file";
    static final String FILE_TRIGGER = "POST /api/v1/data/{table}/file/{id}";
    static final String FILE_STATUS = "GET /api/v1/data/{table}/file/{id}";
    /** The routes a scoped key may call; every other route refuses it. */
    static final Set<String> UPLOAD_ROUTES = Set.of(UPLOAD_ONE, UPLOAD_BATCH, UPLOAD_STREAM, FILE_INIT);
    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    private static final String CALLER = ApiKeyFilter.class.getName() + ".caller";

    // resolved per request: filters are built at static init, before runtime config exists
    @Inject
    Provider<AccessControl> access;

    @ServerRequestFilter
    public void requireKey(ContainerRequestContext request, ResourceInfo resource) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        AccessControl control = access.get();
        Caller caller = control.identify(request.getHeaderString("x-api-key"));
        request.setProperty(CALLER, caller);
        Method method = resource.getResourceMethod();
        if (method == null) {
            control.requireRead(caller);
            return;
        }
        String route = route(request.getMethod(), resource);
        String table = request.getUriInfo().getPathParameters().getFirst("table");
        if (UPLOAD_ROUTES.contains(route)) {
            control.requireUpload(caller, table);
        } else if (route.equals(FILE_TRIGGER) || route.equals(FILE_STATUS)) {
            control.requireOwnUpload(caller, table, request.getUriInfo().getPathParameters().getFirst("id"), route.equals(FILE_TRIGGER));
        } else if (method.isAnnotationPresent(RequiresWriteKey.class) || resource.getResourceClass().isAnnotationPresent(RequiresWriteKey.class)) {
            control.requireWrite(caller);
        } else {
            control.requireRead(caller);
        }
    }

    /** A file job a scoped key started is recorded as its own, so it may trigger it and see its status. */
    @ServerResponseFilter
    public void recordScopedUpload(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        if (request.getProperty(CALLER) instanceof Caller.Scoped caller && response.getStatus() == 200
                && resource.getResourceMethod() != null && route(request.getMethod(), resource).equals(FILE_INIT)
                && response.getEntity() instanceof ObjectNode upload) {
            try {
                access.get().uploadStarted(caller, upload.path("id").asText());
            } catch (RuntimeException e) {
                // without the record the key could not trigger its own job: say so, and let it start another
                LOG.warn("could not record a scoped key's file job", e);
                response.setStatus(503);
                response.getHeaders().putSingle("Retry-After", ErrorResponses.UNAVAILABLE_RETRY_AFTER);
                response.setEntity(WireFormat.error("The upload could not be recorded for this key; start it again in a moment", 503, null));
            }
        }
    }

    /** A resource method's route as declared: the HTTP method and the path template. */
    static String route(String httpMethod, ResourceInfo resource) {
        return httpMethod + " " + path(resource.getResourceClass(), resource.getResourceMethod());
    }

    static String path(Class<?> resourceClass, Method method) {
        Path classPath = resourceClass.getAnnotation(Path.class);
        Path methodPath = method.getAnnotation(Path.class);
        String base = classPath == null ? "" : classPath.value();
        return methodPath == null ? base : base + "/" + methodPath.value().replaceFirst("^/", "");
    }
}
