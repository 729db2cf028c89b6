package dev.aitoingest.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What Lambda's managed Java runtime does for a function, in a JVM of its own: loads the
 * unpacked function.zip (its root and lib/*.jar) in a class loader of its own, then polls the
 * Runtime API for events and answers each with the handler's output.
 *
 * <p>Arguments: the unpacked function folder and the handler ({@code Class::method}).
 */
public final class FunctionRunner {

    public static void main(String[] args) throws Exception {
        File root = new File(args[0]);
        String[] handler = args[1].split("::");
        List<URL> urls = new ArrayList<>();
        urls.add(root.toURI().toURL());
        File[] jars = new File(root, "lib").listFiles((dir, name) -> name.endsWith(".jar"));
        if (jars != null) {
            for (File jar : jars) {
                urls.add(jar.toURI().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), FunctionRunner.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> type = Class.forName(handler[0], true, loader);
        Object instance = type.getDeclaredConstructor().newInstance();
        Method method = type.getMethod(handler[1], java.io.InputStream.class, java.io.OutputStream.class, Context.class);

        String api = "http://" + System.getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime/invocation/";
        HttpClient http = HttpClient.newHttpClient();
        while (true) {
            HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(api + "next")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElse("0"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            String outcome = "/response";
            try {
                method.invoke(instance, new ByteArrayInputStream(next.body()), out, new RunnerContext(id, deadline));
            } catch (java.lang.reflect.InvocationTargetException e) {
                out.reset();
                out.write(("{\"errorMessage\":\"" + e.getCause() + "\"}").getBytes(StandardCharsets.UTF_8));
                outcome = "/error";
            }
            http.send(HttpRequest.newBuilder(URI.create(api + id + outcome))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.discarding());
        }
    }

    private record RunnerContext(String requestId, long deadline) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/bench";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return System.getenv("AWS_LAMBDA_FUNCTION_NAME");
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:bench";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, deadline - System.currentTimeMillis());
        }

        @Override
        public int getMemoryLimitInMB() {
            return 2048;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.println(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.println(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
