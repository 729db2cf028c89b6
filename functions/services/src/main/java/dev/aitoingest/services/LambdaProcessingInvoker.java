package dev.aitoingest.services;

import dev.aitoingest.job.ProcessingInvoker;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;

/**
 * Starts the processor function with an asynchronous invoke: Lambda queues the request, retries
 * it on failure and sends what still fails to the function's on-failure destination.
 */
public final class LambdaProcessingInvoker implements ProcessingInvoker {

    private final LambdaClient lambda;
    private final String functionName;

    public LambdaProcessingInvoker(LambdaClient lambda, String functionName) {
        this.lambda = lambda;
        this.functionName = functionName;
    }

    @Override
    public void startProcessing(String jobId) {
        lambda.invoke(b -> b.functionName(functionName).invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(ProcessingRequest.toJson(jobId))));
    }
}
