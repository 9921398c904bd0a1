package dev.sagaref.inventory.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.inventory.InventoryReply;
import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.events.inventory.StockReleased;
import dev.sagaref.events.inventory.StockReserved;
import dev.sagaref.events.inventory.StockUnavailable;
import dev.sagaref.inventory.product.Product;
import dev.sagaref.inventory.product.Products;
import dev.sagaref.testsupport.Concurrently;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/** The stock rules, against the real database: all lines or none, once per order, never oversold. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealInfrastructureConfiguration.class)
class ReservationRulesIT {

    @Autowired
    Reservations reservations;

    @Autowired
    Products products;

    @Autowired
    TransactionTemplate transactions;

    private final String plenty = "sku-" + UUID.randomUUID();
    private final String scarce = "sku-" + UUID.randomUUID();

    @Test
    void anOrderGetsAllItsLinesOrNone() {
        products.put(plenty, "plenty", 5);
        products.put(scarce, "scarce", 1);
        UUID order = UUID.randomUUID();

        InventoryReply reply = reserve(order, new OrderLine(plenty, 2, 100), new OrderLine(scarce, 2, 100));

        assertThat(reply).isEqualTo(new StockUnavailable(order, List.of(scarce)));
        assertThat(available(plenty)).isEqualTo(5);
        assertThat(available(scarce)).isEqualTo(1);
    }

    @Test
    void lineOfAnUnknownProductIsUnavailable() {
        products.put(plenty, "plenty", 5);
        UUID order = UUID.randomUUID();
        String unknown = "sku-" + UUID.randomUUID();

        InventoryReply reply = reserve(order, new OrderLine(plenty, 1, 100), new OrderLine(unknown, 1, 100));

        assertThat(reply).isEqualTo(new StockUnavailable(order, List.of(unknown)));
        assertThat(available(plenty)).isEqualTo(5);
    }

    @Test
    void aRepeatedReservationReservesNothingMore() {
        products.put(plenty, "plenty", 5);
        UUID order = UUID.randomUUID();

        assertThat(reserve(order, new OrderLine(plenty, 2, 100))).isEqualTo(new StockReserved(order));
        assertThat(reserve(order, new OrderLine(plenty, 2, 100))).isEqualTo(new StockReserved(order));
        assertThat(available(plenty)).isEqualTo(3);
    }

    @Test
    void aReleaseGivesTheStockBackOnce() {
        products.put(plenty, "plenty", 5);
        UUID order = UUID.randomUUID();
        reserve(order, new OrderLine(plenty, 2, 100), new OrderLine(plenty, 1, 100));

        assertThat(release(order)).isEqualTo(new StockReleased(order));
        assertThat(release(order)).isEqualTo(new StockReleased(order));
        assertThat(available(plenty)).isEqualTo(5);
    }

    @Test
    void aReleaseThatOvertakesItsReservationMakesTheLateReservationFail() {
        products.put(plenty, "plenty", 5);
        UUID order = UUID.randomUUID();

        assertThat(release(order)).isEqualTo(new StockReleased(order));
        assertThat(reserve(order, new OrderLine(plenty, 2, 100)))
                .isEqualTo(new StockUnavailable(order, List.of(plenty)));
        assertThat(available(plenty)).isEqualTo(5);
    }

    @Test
    void stockCannotBeLoweredBelowWhatOrdersHold() {
        products.put(plenty, "plenty", 5);
        reserve(UUID.randomUUID(), new OrderLine(plenty, 4, 100));

        assertThatThrownBy(() -> products.put(plenty, "plenty", 3))
                .isInstanceOf(Product.StockBelowReservedException.class);
        assertThat(products.put(plenty, "renamed", 4).available()).isZero();
    }

    @Test
    void concurrentOrdersForTheSameProductsNeverOversell() throws Exception {
        products.put(plenty, "plenty", 50);
        products.put(scarce, "scarce", 5);
        // Lines in both orders of SKUs: the locks are taken sorted, so these cannot deadlock.
        List<Callable<InventoryReply>> orders = IntStream.range(0, 12)
                .<Callable<InventoryReply>>mapToObj(i -> () -> i % 2 == 0
                        ? reserve(UUID.randomUUID(), new OrderLine(plenty, 1, 1), new OrderLine(scarce, 1, 1))
                        : reserve(UUID.randomUUID(), new OrderLine(scarce, 1, 1), new OrderLine(plenty, 1, 1)))
                .toList();

        long reserved = Concurrently.callAll(6, orders).stream()
                .filter(StockReserved.class::isInstance)
                .count();

        assertThat(reserved).isEqualTo(5);
        assertThat(available(scarce)).isZero();
        assertThat(available(plenty)).isEqualTo(45);
    }

    private InventoryReply reserve(UUID order, OrderLine... lines) {
        return transactions.execute(tx -> reservations.reserve(new ReserveStock(order, List.of(lines))));
    }

    private StockReleased release(UUID order) {
        return transactions.execute(tx -> reservations.release(new ReleaseStock(order)));
    }

    private int available(String sku) {
        return products.find(sku).orElseThrow().available();
    }
}
