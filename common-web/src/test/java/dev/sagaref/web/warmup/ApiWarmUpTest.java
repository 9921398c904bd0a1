package dev.sagaref.web.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

class ApiWarmUpTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void sendsTheUnsignedTokenToItsOwnPortAndCountsTheAnswer() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = refusingServer(
                exchange -> authorization.set(exchange.getRequestHeaders().getFirst("Authorization")));
        try {
            warmUp(onPort(server.getAddress().getPort()));
        } finally {
            server.stop(0);
        }

        assertThat(authorization.get()).isEqualTo("Bearer " + ApiWarmUp.UNSIGNED_TOKEN);
        assertThat(meters.get("web.warm-up").tag("outcome", "answered").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aServerThatDoesNotAnswerIsCountedAsAFailureAndDoesNotStopTheStart() throws Exception {
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingListens = socket.getLocalPort();
        }

        warmUp(onPort(nothingListens));

        assertThat(meters.get("web.warm-up").tag("outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void goesThroughTheServletContextPath() throws Exception {
        AtomicReference<String> path = new AtomicReference<>();
        HttpServer server =
                refusingServer(exchange -> path.set(exchange.getRequestURI().getPath()));
        try {
            warmUp(onPort(server.getAddress().getPort())
                    .withProperty("server.address", "0.0.0.0")
                    .withProperty("server.servlet.context-path", "/shop/"));
        } finally {
            server.stop(0);
        }

        assertThat(path.get()).isEqualTo("/shop" + ApiWarmUp.PATH);
    }

    @Test
    void anAddressItCannotUseIsAFailureNotAFailedStart() {
        warmUp(onPort(8080).withProperty("server.address", "no such host.invalid"));

        assertThat(meters.get("web.warm-up").tag("outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aServerThatOnlySpeaksTlsIsNotWarmed() {
        warmUp(onPort(8443).withProperty("server.ssl.enabled", "true"));

        assertThat(meters.find("web.warm-up").timer()).isNull();
    }

    @Test
    void withoutAWebServerThereIsNothingToWarm() {
        warmUp(new MockEnvironment());

        assertThat(meters.find("web.warm-up").timer()).isNull();
    }

    /** A server on loopback that refuses every request (401), after telling {@code seen} about it. */
    private static HttpServer refusingServer(Consumer<HttpExchange> seen) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            seen.accept(exchange);
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static MockEnvironment onPort(int port) {
        return new MockEnvironment().withProperty("local.server.port", Integer.toString(port));
    }

    private void warmUp(MockEnvironment environment) {
        new ApiWarmUp(environment, meters, Duration.ofSeconds(5)).run(new DefaultApplicationArguments());
    }
}
