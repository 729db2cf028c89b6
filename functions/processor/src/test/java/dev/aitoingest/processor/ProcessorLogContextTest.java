package dev.aitoingest.processor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aitoingest.services.LocalStorageResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The processor's log lines carry the job they are about and Lambda's request id. */
@QuarkusTest
@WithTestResource(LocalStorageResource.class)
class ProcessorLogContextTest {

    record Line(String message, String jobId, String awsRequestId) {
    }

    @Test
    void aProcessingRequestsLinesCarryItsJobAndRequestIds() {
        List<Line> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                ExtLogRecord ext = (ExtLogRecord) record;
                lines.add(new Line(ext.getFormattedMessage(), ext.getMdc(ProcessorHandler.JOB_ID), ext.getMdc(ProcessorHandler.AWS_REQUEST_ID)));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(ProcessorHandler.class.getName());
        logger.addHandler(capture);
        try {
            String job = UUID.randomUUID().toString();
            given().body("{\"jobId\":\"" + job + "\"}").post().then().statusCode(200);
            assertThat(lines).singleElement().satisfies(line -> {
                assertThat(line.message()).startsWith("job " + job + ": ");
                assertThat(line.jobId()).isEqualTo(job);
                assertThat(line.awsRequestId()).isNotBlank();
            });
        } finally {
            logger.removeHandler(capture);
        }
    }
}
