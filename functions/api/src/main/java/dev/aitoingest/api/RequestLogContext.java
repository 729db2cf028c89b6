package dev.aitoingest.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.amazon.lambda.http.AwsHttpContextProducers;
import jakarta.inject.Inject;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every log line of a request carries its ids: {@code requestId}, API Gateway's (the one in the
 * HTTP API's access log), and {@code awsRequestId}, Lambda's (the one in Lambda's own lines).
 */
public class RequestLogContext {

    static final String REQUEST_ID = "requestId";
    static final String AWS_REQUEST_ID = "awsRequestId";

    @Inject
    AwsHttpContextProducers lambdaRequest;

    @ServerRequestFilter(preMatching = true)
    public void putIds() {
        APIGatewayV2HTTPEvent.RequestContext gateway = lambdaRequest.getHttpRequestContext();
        if (gateway != null && gateway.getRequestId() != null) {
            MDC.put(REQUEST_ID, gateway.getRequestId());
        }
        Context lambda = lambdaRequest.getAwsContext();
        if (lambda != null && lambda.getAwsRequestId() != null) {
            MDC.put(AWS_REQUEST_ID, lambda.getAwsRequestId());
        }
    }

    @ServerResponseFilter(priority = Integer.MAX_VALUE)
    public void removeIds() {
        MDC.remove(REQUEST_ID);
        MDC.remove(AWS_REQUEST_ID);
    }
}
