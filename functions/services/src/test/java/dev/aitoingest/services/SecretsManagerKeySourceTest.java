package dev.aitoingest.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aitoingest.auth.Caller;
import dev.aitoingest.auth.RefreshingApiKeys;
import dev.aitoingest.testing.SettableClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The keys from Secrets Manager, through a stub of the SDK's SecretsManagerClient (no Secrets
 * Manager emulator runs here): it answers GetSecretValue from a map as the service would.
 */
class SecretsManagerKeySourceTest {

    private static final String READ = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aito-ingest-read-key-AbCdEf";
    private static final String WRITE = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:aito-ingest-read-write-key-GhIjKl";

    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final SettableClock clock = new SettableClock();

    private SecretsManagerClient client() {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("getSecretValue") && args != null && args[0] instanceof GetSecretValueRequest request) {
                requested.add(request.secretId());
                String value = secrets.get(request.secretId());
                if (value == null) {
                    throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
                }
                return GetSecretValueResponse.builder().arn(request.secretId()).secretString(value).build();
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            throw new UnsupportedOperationException(method.getName());
        };
        return (SecretsManagerClient) Proxy.newProxyInstance(SecretsManagerClient.class.getClassLoader(),
                new Class<?>[] {SecretsManagerClient.class}, handler);
    }

    @Test
    void keysAreReadOnceAtStartAndARotatedKeyIsPickedUpWithinTheInterval() {
        secrets.put(READ, "read-key-one");
        secrets.put(WRITE, "write-key-one");
        RefreshingApiKeys keys = new RefreshingApiKeys(new SecretsManagerKeySource(client(), READ, WRITE), Duration.ofMinutes(5), clock);
        assertThat(requested).containsExactly(READ, WRITE);

        secrets.put(WRITE, "write-key-two");
        clock.advance(Duration.ofMinutes(2));
        assertThat(keys.current().callerOf("write-key-one")).contains(Caller.READ_WRITE);
        assertThat(keys.current().callerOf("write-key-two")).isEmpty();
        assertThat(requested).as("cached between refreshes").hasSize(2);

        clock.advance(Duration.ofMinutes(3));
        assertThat(keys.current().callerOf("write-key-two")).contains(Caller.READ_WRITE);
        assertThat(keys.current().callerOf("write-key-one")).isEmpty();
        assertThat(keys.current().callerOf("read-key-one")).contains(Caller.READ_ONLY);
        assertThat(requested).hasSize(4);
    }

    @Test
    void aMissingSecretIsNamedAtStart() {
        secrets.put(READ, "read-key-one");
        assertThatThrownBy(() -> new RefreshingApiKeys(new SecretsManagerKeySource(client(), READ, WRITE), Duration.ofMinutes(5), clock))
                .hasMessageContaining("no secret " + WRITE);
    }
}
