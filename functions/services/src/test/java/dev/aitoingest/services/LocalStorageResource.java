package dev.aitoingest.services;

import dev.aitoingest.local.LocalEmulators;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the application at the JVM's shared s3proxy and dynalite. */
public class LocalStorageResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return LocalEmulators.shared().quarkusClientConfig();
    }

    @Override
    public void stop() {
        // shared by every test class of this JVM; stopped when the JVM exits
    }
}
