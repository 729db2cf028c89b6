package dev.aitoingest.localrun;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** The JDK's HTTP server, its replies sent at once (TCP_NODELAY): the local run's fronts. */
final class NoDelayHttpServer {

    static {
        // the JDK server leaves Nagle's algorithm on unless told: a reply written as headers, then body,
        // waits for the peer's delayed ACK, about 40 ms a request on loopback
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private NoDelayHttpServer() {
    }

    static HttpServer create(String host, int port, int backlog) throws IOException {
        return HttpServer.create(new InetSocketAddress(host, port), backlog);
    }
}
