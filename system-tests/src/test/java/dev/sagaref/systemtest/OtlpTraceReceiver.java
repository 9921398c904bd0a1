package dev.sagaref.systemtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace endpoint inside the test JVM. The services export to it with their real OTLP exporter, exactly
 * as they would to Jaeger or an OpenTelemetry Collector, and tests read back what arrived.
 */
final class OtlpTraceReceiver implements AutoCloseable {

    /** One exported span, reduced to what the tests look at. Ids are lower-case hex; a root has an empty parent. */
    record ReceivedSpan(
            String service, String traceId, String spanId, String parentSpanId, String name, Span.SpanKind kind) {}

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpTraceReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpTraceReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            OtlpTraceReceiver receiver = new OtlpTraceReceiver(server);
            server.createContext("/v1/traces", receiver::handle);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open the OTLP receiver", e);
        }
    }

    /** What {@code OTLP_TRACING_ENDPOINT} points the services at. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    /** The trace as an indented tree under {@code rootParent}, one span a line, for a test's output. */
    String render(String traceId, String rootParent) {
        StringBuilder out = new StringBuilder();
        renderChildren(trace(traceId), rootParent, 0, out);
        return out.toString();
    }

    private static void renderChildren(List<ReceivedSpan> trace, String parent, int depth, StringBuilder out) {
        for (ReceivedSpan span : trace) {
            if (span.parentSpanId().equals(parent)) {
                out.append("  ".repeat(depth))
                        .append(span.service())
                        .append(": ")
                        .append(span.name())
                        .append(" (")
                        .append(span.kind().name().replace("SPAN_KIND_", "").toLowerCase(Locale.ROOT))
                        .append(")\n");
                renderChildren(trace, span.spanId(), depth + 1, out);
            }
        }
    }

    /** Every span's parent is {@code rootParent} or another span of the trace: nothing hangs off a lost hop. */
    static boolean isOneTree(List<ReceivedSpan> trace, String rootParent) {
        Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
        return !trace.isEmpty()
                && trace.stream()
                        .allMatch(span -> span.parentSpanId().equals(rootParent) || ids.contains(span.parentSpanId()));
    }

    /** The names of the trace's producer spans, i.e. the message types it sent through the outbox. */
    static List<String> published(List<ReceivedSpan> trace) {
        return trace.stream()
                .filter(span -> span.kind() == Span.SpanKind.SPAN_KIND_PRODUCER)
                .map(span -> span.name().replaceFirst("^publish ", ""))
                .toList();
    }

    /** A caller's trace context, as a browser or gateway would send it in a {@code traceparent} header. */
    record CallerSpan(String traceId, String spanId) {

        static CallerSpan random() {
            String hex = HexFormat.of()
                    .formatHex(ByteBuffer.allocate(24)
                            .putLong(ThreadLocalRandom.current().nextLong())
                            .putLong(ThreadLocalRandom.current().nextLong())
                            .putLong(ThreadLocalRandom.current().nextLong())
                            .array());
            return new CallerSpan(hex.substring(0, 32), hex.substring(32));
        }

        Map<String, String> asHeader() {
            return Map.of("traceparent", "00-" + traceId + "-" + spanId + "-01");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                String service = resourceSpans.getResource().getAttributesList().stream()
                        .filter(attribute -> attribute.getKey().equals("service.name"))
                        .map(KeyValue::getValue)
                        .map(value -> value.getStringValue())
                        .findFirst()
                        .orElse("?");
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        spans.add(new ReceivedSpan(
                                service,
                                hex(span.getTraceId().toByteArray()),
                                hex(span.getSpanId().toByteArray()),
                                hex(span.getParentSpanId().toByteArray()),
                                span.getName(),
                                span.getKind()));
                    }
                }
            }
            byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
            if (response.length > 0) {
                exchange.getResponseBody().write(response);
            }
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
