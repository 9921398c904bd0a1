package dev.sagaref.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListeningProcessesTest {

    /** Port 8081 is 1F91, 8082 1F92, 9092 2384; state 0A is LISTEN, 01 ESTABLISHED. */
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41001 1 0000000000000000 100 0 0 10 0
               1: 0100007F:2384 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 41002 1 0000000000000000 100 0 0 10 0
               2: 0100007F:1F91 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 41003 1 0000000000000000 20 4 30 10 -1
               3: 0100007F:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41004 1 0000000000000000 100 0 0 10 0
            """;

    private static final String TCP6 = """
              sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 00000000000000000000000000000000:1F92 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 52001 1 0000000000000000 100 0 0 10 0
            """;

    @Test
    void listeningSocketsOnTheAskedPortsByInode() {
        assertThat(ListeningProcesses.listeningSockets(TCP, List.of(8081, 8082, 9092)))
                .containsOnly(entry(41001L, 8081), entry(41002L, 9092));
    }

    @Test
    void readsIpv6Tables() {
        assertThat(ListeningProcesses.listeningSockets(TCP6, List.of(8081, 8082)))
                .containsOnly(entry(52001L, 8082));
    }

    @Test
    void anEmptyTableHasNoSockets() {
        assertThat(ListeningProcesses.listeningSockets(TCP.lines().findFirst().orElseThrow(), List.of(8081)))
                .isEmpty();
    }
}
