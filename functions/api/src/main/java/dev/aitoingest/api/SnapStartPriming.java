package dev.aitoingest.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.quarkus.amazon.lambda.http.LambdaHttpHandler;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * SnapStart priming. With SnapStart on (template.yaml's EnableSnapStart), Lambda snapshots the
 * function once its init is done and starts new instances from that snapshot;
 * {@code quarkus.snapstart.full-warmup} starts the application during init, and this hook, run just
 * before the snapshot, sends requests through the whole HTTP path and builds the AWS SDK clients,
 * so the classes they load and initialise are in the snapshot rather than in a user's first request.
 * It makes no AWS call: a connection or a credential taken into a snapshot would be stale on restore.
 */
@Singleton
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);

    /** Answered without storage: no key (403 from the key filter), the version, the OpenAPI document. */
    private static final List<APIGatewayV2HTTPEvent> REQUESTS = List.of(
            request("GET", "/version", null),
            request("POST", "/api/v1/data/priming/batch", "[{\"id\": 1}]"),
            request("GET", "/api-docs/v3", null));

    @Inject
    Instance<S3Client> s3;

    @Inject
    Instance<S3Presigner> presigner;

    @Inject
    Instance<DynamoDbClient> dynamo;

    void register(@Observes StartupEvent event) {
        // the CRaC context holds resources weakly: this singleton keeps itself reachable
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        LOG.infof("SnapStart priming answered %s", prime());
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing to renew: the SDK clients fetch credentials and open connections when first used
    }

    /** Runs the priming requests and answers their status codes. */
    List<Integer> prime() {
        s3.get();
        presigner.get();
        dynamo.get();
        LambdaHttpHandler handler = new LambdaHttpHandler();
        return REQUESTS.stream().map(request -> handler.handleRequest(request, null).getStatusCode()).toList();
    }

    private static APIGatewayV2HTTPEvent request(String method, String path, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath(path).withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json", "user-agent", "snapstart-priming"))
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path)
                                .withProtocol("HTTP/1.1").withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }
}
