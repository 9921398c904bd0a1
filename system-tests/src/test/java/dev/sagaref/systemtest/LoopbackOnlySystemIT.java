package dev.sagaref.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.localrun.LocalStack;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The local run is reachable from this machine only: every port it opens listens on the loopback address. */
class LoopbackOnlySystemIT {

    /** Local addresses as {@code /proc/net/tcp} and {@code tcp6} write them: 127.0.0.1, ::ffff:127.0.0.1 and ::1. */
    private static final Set<String> LOOPBACK =
            Set.of("0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000");

    private static final String LISTEN = "0A";

    @Test
    void everyServicePostgresqlAndKafkaListenOnLoopbackOnly() throws IOException {
        LocalStack stack = SystemStack.get();
        Set<Integer> ports = new TreeSet<>();
        LocalStack.SERVICES.forEach(
                service -> ports.add(URI.create(stack.baseUrl(service.module())).getPort()));
        ports.add(URI.create(stack.issuerUrl()).getPort());
        LocalStack.SERVICES.forEach(
                service -> ports.add(URI.create(stack.jdbcUrl(service.module()).substring("jdbc:".length()))
                        .getPort()));
        ports.add(Integer.parseInt(stack.kafkaBootstrapServers().replaceAll(".*:", "")));

        List<String> listening = new ArrayList<>();
        List<String> reachableFromOutside = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            Files.readString(path)
                    .lines()
                    .skip(1)
                    .map(line -> line.trim().split("\\s+"))
                    .forEach(columns -> {
                        String address = columns[1].substring(0, columns[1].indexOf(':'));
                        int port = Integer.parseInt(columns[1].substring(columns[1].indexOf(':') + 1), 16);
                        if (columns[3].equals(LISTEN) && ports.contains(port)) {
                            listening.add(port + "@" + address);
                            if (!LOOPBACK.contains(address)) {
                                reachableFromOutside.add(port + "@" + address);
                            }
                        }
                    });
        }

        assertThat(listening.stream().map(socket -> Integer.parseInt(socket.substring(0, socket.indexOf('@')))))
                .as("every port of the stack is listening")
                .containsAll(ports);
        assertThat(reachableFromOutside)
                .as("sockets not on the loopback address")
                .isEmpty();
    }
}
