package dev.sagaref.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SagaPathTest {

    @Test
    void eachPathNeedsItsCommandsOnce() {
        assertThat(SagaPath.commandsNeeded(List.of(SagaPath.APPROVED))).isEqualTo(4);
        assertThat(SagaPath.commandsNeeded(List.of(SagaPath.INSUFFICIENT_FUNDS)))
                .isEqualTo(2);
        assertThat(SagaPath.commandsNeeded(List.of(SagaPath.OUT_OF_STOCK))).isEqualTo(4);
        assertThat(SagaPath.commandsNeeded(List.of(SagaPath.UNSUPPORTED_DESTINATION)))
                .isEqualTo(6);
    }

    @Test
    void aRunNeedsTheSumOfItsSagas() {
        // --reject-share=0.1 over 100 orders: 70 approved, 10 down each rejection path.
        Benchmark.Workload workload = new Benchmark.Workload(null, 0.1);
        List<SagaPath> sagas = IntStream.range(0, 100)
                .mapToObj(i -> workload.order(i).expectedPath())
                .toList();

        assertThat(SagaPath.commandsNeeded(sagas)).isEqualTo(70 * 4 + 10 * 2 + 10 * 4 + 10 * 6);
        assertThat(SagaPath.commandsNeeded(List.of())).isZero();
    }

    @Test
    void everyTenOrdersCarryTheSameMixOfPaths() {
        Benchmark.Workload workload = new Benchmark.Workload(null, 0.1);
        for (int first = 0; first < 200; first += 10) {
            int start = first;
            List<SagaPath> ten = IntStream.range(start, start + 10)
                    .mapToObj(i -> workload.order(i).expectedPath())
                    .toList();

            assertThat(ten)
                    .containsOnlyOnce(
                            SagaPath.INSUFFICIENT_FUNDS, SagaPath.OUT_OF_STOCK, SagaPath.UNSUPPORTED_DESTINATION)
                    .filteredOn(path -> path == SagaPath.APPROVED)
                    .hasSize(7);
        }
    }
}
