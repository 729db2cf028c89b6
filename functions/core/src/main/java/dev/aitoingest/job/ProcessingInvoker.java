package dev.aitoingest.job;

/**
 * Starts processing a job somewhere else, without waiting: on AWS an asynchronous invoke of the
 * processor function, locally a thread of the same JVM.
 */
public interface ProcessingInvoker {

    void startProcessing(String jobId);
}
