package dev.aitoingest.services;

import dev.aitoingest.local.LocalEmulators;
import dev.aitoingest.storage.StorageSettings;
import dev.aitoingest.wiring.StorageProvisioner;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local run and the tests (never on AWS, where template.yaml creates the storage): starts the
 * embedded emulators when asked, then creates the bucket and tables that are missing.
 */
@Singleton
@IfBuildProfile(anyOf = {"dev", "test"})
public class LocalRuntime {

    private static final Logger LOG = Logger.getLogger(LocalRuntime.class);

    void start(@Observes @Priority(1) StartupEvent event, ServiceConfig config, StorageSettings settings,
               S3Client s3, DynamoDbClient dynamo) {
        ServiceConfig.Local local = config.local();
        if (local.startEmulators()) {
            startEmulatorsOnce(local);
        }
        StorageProvisioner.ensure(settings, s3, dynamo);
        config.auth().keyTable().ifPresent(table -> StorageProvisioner.ensureKeyTable(dynamo, table));
        if (local.startEmulators()) {
            LOG.infof("Local storage ready under %s. API keys (x-api-key header): read-only %s, read-write %s",
                    local.dataDir().map(Object::toString).orElse("memory"), config.auth().readKey().orElse("(none)"),
                    config.auth().writeKey().orElse("(none)"));
        }
    }

    /** Live reload restarts the application, not the JVM: the emulators outlive it. */
    private static synchronized void startEmulatorsOnce(ServiceConfig.Local local) {
        if (Holder.emulators == null) {
            LocalEmulators.Options options = new LocalEmulators.Options(local.dataDir().orElse(null),
                    local.s3Port(), local.dynamodbPort(), local.emulatorsDir().orElse(null));
            Holder.emulators = LocalEmulators.start(options);
        }
    }

    private static final class Holder {
        static LocalEmulators emulators;
    }
}
