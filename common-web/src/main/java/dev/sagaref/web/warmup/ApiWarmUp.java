package dev.sagaref.web.warmup;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;

/**
 * Sends the service one API request of its own before it reports ready, so that the first real request does not pay
 * for the code it would run first: Tomcat's request path, the security filters, and the bearer token check, whose
 * first use fetches the issuer's key set. On {@code ./run-local} the first authenticated request took 150 ms against
 * 16 ms for the next (docs/footprint.md). The token is one no issuer signed, so the request is refused (401, or 500
 * while the issuer cannot be reached) and changes nothing. A warm-up that gets no answer is logged and the service
 * starts anyway; a server that only speaks TLS is not warmed; {@code web.warm-up.enabled=false} switches it off.
 */
public class ApiWarmUp implements ApplicationRunner {

    /** No endpoint has this path; the request never gets past the token check. */
    static final String PATH = "/api/warm-up";

    /**
     * Signed with RS256 by a key whose id the issuer does not have (so the check fetches the issuer's keys to look for
     * it), with a signature nobody made.
     */
    static final String UNSIGNED_TOKEN = base64Url("{\"alg\":\"RS256\",\"kid\":\"warm-up\"}") + "."
            + base64Url("{\"sub\":\"warm-up\"}") + "." + base64Url("no signature");

    private static final Logger log = LoggerFactory.getLogger(ApiWarmUp.class);

    private final Environment environment;
    private final MeterRegistry meters;
    private final Duration timeout;

    public ApiWarmUp(Environment environment, MeterRegistry meters, Duration timeout) {
        this.environment = environment;
        this.meters = meters;
        this.timeout = timeout;
    }

    @Override
    public void run(ApplicationArguments args) {
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (port == null) {
            return; // no web server in this context
        }
        if (environment.getProperty("server.ssl.enabled", Boolean.class, false)
                || environment.containsProperty("server.ssl.bundle")) {
            log.info("No API warm-up: the server speaks TLS, which a plain request to itself would not get through");
            return;
        }
        Timer.Sample started = Timer.start(meters);
        String outcome = "answered";
        int status = 0;
        try {
            status = send(ownUri(port));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            outcome = "failed";
            log.warn("API warm-up got no answer; the first real request will be slow", e);
        }
        long tookNanos = started.stop(Timer.builder("web.warm-up")
                .description("The refused API request a service sends itself at start, by outcome")
                .tag("outcome", outcome)
                .register(meters));
        if (status != 0) {
            log.info(
                    "Warmed up the API path in {} ms (a refused request: status {})",
                    Duration.ofNanos(tookNanos).toMillis(),
                    status);
        }
    }

    private int send(URI uri) throws IOException {
        // Straight to this process, whatever proxy the JVM is told to use.
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        try {
            connection.setConnectTimeout((int) timeout.toMillis());
            // Bounds the start when the issuer's address drops packets: the token check would wait on it.
            connection.setReadTimeout((int) timeout.toMillis());
            connection.setRequestProperty("Authorization", "Bearer " + UNSIGNED_TOKEN);
            int status = connection.getResponseCode();
            try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            return status;
        } finally {
            connection.disconnect();
        }
    }

    /**
     * The API path under the server's own address (loopback when it listens on every address) and the servlet
     * context path, if one is set.
     */
    private URI ownUri(int port) throws IOException, URISyntaxException {
        String configured =
                environment.getProperty("server.address", "").replace("[", "").replace("]", "");
        InetAddress address = configured.isBlank() ? null : InetAddress.getByName(configured);
        String host = address == null || address.isAnyLocalAddress()
                ? InetAddress.getLoopbackAddress().getHostAddress()
                : address.getHostAddress();
        String contextPath =
                environment.getProperty("server.servlet.context-path", "").replaceAll("/+$", "");
        return new URI("http", null, host, port, contextPath + PATH, null, null);
    }

    private static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
