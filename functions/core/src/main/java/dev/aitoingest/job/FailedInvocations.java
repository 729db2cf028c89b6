package dev.aitoingest.job;

import java.util.List;
import java.util.Optional;

/**
 * Where invocations of the processor that failed every retry are kept: on AWS the SQS queue that is
 * the processor's on-failure destination. The sweep reads them, resumes the jobs they name, and
 * deletes them.
 */
public interface FailedInvocations {

    /** Nowhere: the local run retries in process and lets the sweep find what still stalls. */
    FailedInvocations NONE = new FailedInvocations() {
        @Override
        public List<FailedInvocation> receive() {
            return List.of();
        }

        @Override
        public void delete(FailedInvocation invocation) {
        }
    };

    /** One failed invocation: its handle in the queue, and the job its request named (none for an upload event). */
    record FailedInvocation(String handle, Optional<String> jobId) {
    }

    /** The next few failed invocations; empty when there are none. */
    List<FailedInvocation> receive();

    /** Done with it: the job it named was resumed or needs nothing. */
    void delete(FailedInvocation invocation);
}
