package dev.sagaref.web.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.mock.env.MockEnvironment;

class ApiWarmUpTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void sendsTheUnsignedTokenToItsOwnPortAndCountsTheAnswer() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(ApiWarmUp.PATH, exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            warmUpOn(server.getAddress().getPort());
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

        warmUpOn(nothingListens);

        assertThat(meters.get("web.warm-up").tag("outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void goesThroughTheServletContextPath() throws Exception {
        AtomicReference<String> path = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            path.set(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
        try {
            MockEnvironment environment = new MockEnvironment()
                    .withProperty(
                            "local.server.port",
                            Integer.toString(server.getAddress().getPort()))
                    .withProperty("server.address", "0.0.0.0")
                    .withProperty("server.servlet.context-path", "/shop/");
            new ApiWarmUp(environment, meters, Duration.ofSeconds(5)).run(new DefaultApplicationArguments());
        } finally {
            server.stop(0);
        }

        assertThat(path.get()).isEqualTo("/shop" + ApiWarmUp.PATH);
    }

    @Test
    void anAddressItCannotUseIsAFailureNotAFailedStart() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("local.server.port", "8080")
                .withProperty("server.address", "no such host.invalid");

        new ApiWarmUp(environment, meters, Duration.ofSeconds(1)).run(new DefaultApplicationArguments());

        assertThat(meters.get("web.warm-up").tag("outcome", "failed").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aServerThatOnlySpeaksTlsIsNotWarmed() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("local.server.port", "8443")
                .withProperty("server.ssl.enabled", "true");

        new ApiWarmUp(environment, meters, Duration.ofSeconds(1)).run(new DefaultApplicationArguments());

        assertThat(meters.find("web.warm-up").timer()).isNull();
    }

    @Test
    void withoutAWebServerThereIsNothingToWarm() {
        new ApiWarmUp(new MockEnvironment(), meters, Duration.ofSeconds(1)).run(new DefaultApplicationArguments());

        assertThat(meters.find("web.warm-up").timer()).isNull();
    }

    private void warmUpOn(int port) {
        MockEnvironment environment = new MockEnvironment().withProperty("local.server.port", Integer.toString(port));
        new ApiWarmUp(environment, meters, Duration.ofSeconds(5)).run(new DefaultApplicationArguments());
    }
}
