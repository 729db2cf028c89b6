package dev.aitoingest.services;

import dev.aitoingest.local.LocalEmulators;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** Points the application at the JVM's shared s3proxy and dynalite. */
public class LocalStorageResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        LocalEmulators emulators = LocalEmulators.shared();
        Map<String, String> config = new HashMap<>();
        for (String client : new String[] {"s3", "dynamodb"}) {
            String prefix = "quarkus." + client + ".";
            config.put(prefix + "endpoint-override",
                    (client.equals("s3") ? emulators.s3Endpoint() : emulators.dynamoEndpoint()).toString());
            config.put(prefix + "aws.region", emulators.region());
            config.put(prefix + "aws.credentials.type", "static");
            config.put(prefix + "aws.credentials.static-provider.access-key-id", emulators.accessKey());
            config.put(prefix + "aws.credentials.static-provider.secret-access-key", emulators.secretKey());
        }
        config.put("quarkus.s3.path-style-access", "true");
        return config;
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped when the JVM exits
    }
}
