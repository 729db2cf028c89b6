package dev.aitoingest.localrun;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
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
 * Runtime API for events and answers each with the handler's output. Several polling threads
 * stand for several warm instances of the function; the process ends when the Runtime API goes.
 *
 * <p>Arguments: the unpacked function folder, the handler ({@code Class::method}) and how many
 * invocations run at once.
 */
public final class FunctionRunner {

    public static void main(String[] args) throws Exception {
        File root = new File(args[0]);
        String[] handler = args[1].split("::");
        int concurrency = Integer.parseInt(args[2]);
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
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 1; i < concurrency; i++) {
            Thread poller = new Thread(() -> poll(http, api, instance, method), "function-" + i);
            poller.setContextClassLoader(loader);
            poller.start();
        }
        poll(http, api, instance, method);
    }

    private static void poll(HttpClient http, String api, Object instance, Method method) {
        try {
            while (true) {
                HttpResponse<byte[]> next = http.send(HttpRequest.newBuilder(URI.create(api + "next")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
                long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElse("0"));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                String outcome = "/response";
                try {
                    method.invoke(instance, new ByteArrayInputStream(next.body()), out, new RunnerContext(id, deadline));
                } catch (java.lang.reflect.InvocationTargetException | IllegalAccessException e) {
                    out.reset();
                    String error = String.valueOf(e.getCause() == null ? e : e.getCause()).replace("\\", "\\\\").replace("\"", "\\\"");
                    out.write(("{\"errorMessage\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8));
                    outcome = "/error";
                }
                http.send(HttpRequest.newBuilder(URI.create(api + id + outcome))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())).build(), HttpResponse.BodyHandlers.discarding());
            }
        } catch (IOException gone) {
            // the Runtime API went away: whoever started this process has stopped
            System.exit(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record RunnerContext(String requestId, long deadline) implements Context {
        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/local";
        }

        @Override
        public String getLogStreamName() {
            return "local";
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
            return "arn:aws:lambda:us-east-1:000000000000:function:local";
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
