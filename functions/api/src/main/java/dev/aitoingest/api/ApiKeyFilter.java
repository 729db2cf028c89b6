package dev.aitoingest.api;

import dev.aitoingest.auth.ApiKeys;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every call under /api/v1 needs an API key in {@code x-api-key}; writes need the read-write key. */
public class ApiKeyFilter {

    // resolved per request: filters are built at static init, before runtime config exists
    @Inject
    Provider<ApiKeys> keys;

    @ServerRequestFilter
    public void requireKey(ContainerRequestContext request, ResourceInfo resource) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return;
        }
        boolean write = resource.getResourceMethod() != null
                && (resource.getResourceMethod().isAnnotationPresent(RequiresWriteKey.class)
                || resource.getResourceClass().isAnnotationPresent(RequiresWriteKey.class));
        keys.get().check(request.getHeaderString("x-api-key"), write);
    }
}
