package dev.aitoingest.localstack;

import cloud.localstack.Localstack;
import cloud.localstack.docker.annotation.LocalstackDockerConfiguration;
import java.util.Map;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts LocalStack (S3 and DynamoDB, in Docker) once for the test run and points core's
 * TestStorage at it through system properties; stops it when the run ends.
 */
public final class LocalStackSession implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        Localstack.INSTANCE.startup(LocalstackDockerConfiguration.builder()
                .imageTag(System.getProperty("localstack.image-tag", "3.8"))
                .environmentVariables(Map.of("SERVICES", "s3,dynamodb"))
                .build());
        System.setProperty("aito.test.localstack.s3-endpoint", Localstack.INSTANCE.getEndpointS3());
        System.setProperty("aito.test.localstack.dynamodb-endpoint", Localstack.INSTANCE.getEndpointDynamoDB());
        System.setProperty("aito.test.localstack.region", Localstack.getDefaultRegion());
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Localstack.INSTANCE.stop();
    }
}
