package dev.sagaref.order.ordering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.OrderLine;
import dev.sagaref.events.order.OrderApproved;
import dev.sagaref.events.order.OrderRejected;
import dev.sagaref.events.order.OrderReply;
import dev.sagaref.testsupport.Concurrently;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order rules, against the real database: placed once per idempotency key, settled once, and stored together
 * with its OrderCreated message or not at all.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealInfrastructureConfiguration.class)
class OrderRulesIT {

    @Autowired
    OrderService orders;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationContext context;

    private final String customer = "customer-" + UUID.randomUUID();

    @Test
    void anOrderIsStoredWithItsLinesInOrderAndReadBackAsPlaced() {
        OrderView placed = orders.place(request(customer, 2, 3), null).order();

        assertThat(placed.status()).isEqualTo(Order.Status.PENDING);
        assertThat(placed.total()).isEqualTo(2 * 500 + 3 * 250);
        assertThat(placed.items()).containsExactly(new OrderLine("SKU-B", 2, 500), new OrderLine("SKU-A", 3, 250));
        assertThat(orders.find(placed.id())).contains(placed);
    }

    @Test
    void theSameRequestWithTheSameKeyGetsTheFirstOrderAndADifferentOneIsRefused() {
        String key = UUID.randomUUID().toString();

        OrderService.Placement first = orders.place(request(customer, 1, 1), key);
        OrderService.Placement again = orders.place(request(customer, 1, 1), key);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.order()).isEqualTo(first.order());
        assertThatThrownBy(() -> orders.place(request(customer, 9, 1), key))
                .isInstanceOf(OrderService.IdempotencyKeyReusedException.class);
        assertThat(orders.search(customer, null, 0, 10).totalElements()).isEqualTo(1);
    }

    @Test
    void anOrderIsSettledOnceAndAnswersWithItsFinalStateAfterwards() {
        UUID id = orders.place(request(customer, 1, 1), null).order().id();

        assertThat(approve(id)).isEqualTo(new OrderApproved(id));
        assertThat(reject(id, "LATE")).isEqualTo(new OrderApproved(id));
        assertThat(orders.find(id).orElseThrow().status()).isEqualTo(Order.Status.APPROVED);

        UUID other = orders.place(request(customer, 1, 1), null).order().id();
        assertThat(reject(other, "INSUFFICIENT_FUNDS")).isEqualTo(new OrderRejected(other, "INSUFFICIENT_FUNDS"));
        assertThat(approve(other)).isEqualTo(new OrderRejected(other, "INSUFFICIENT_FUNDS"));
    }

    @Test
    void concurrentVerdictsOnOneOrderSettleItOnceAndAllAnswerWithTheSameState() throws Exception {
        UUID id = orders.place(request(customer, 1, 1), null).order().id();
        List<Callable<OrderReply>> verdicts = IntStream.range(0, 8)
                .<Callable<OrderReply>>mapToObj(i -> () -> i % 2 == 0 ? approve(id) : reject(id, "PAYMENT_TIMEOUT"))
                .toList();

        List<OrderReply> replies = Concurrently.callAll(4, verdicts);

        assertThat(replies).containsOnly(replies.get(0));
        assertThat(orders.find(id).orElseThrow().status()).isNotEqualTo(Order.Status.PENDING);
    }

    @Test
    void theOrderAndItsOutboxMessageCommitTogetherInOneJpaTransaction() {
        assertThat(context.getBeansOfType(PlatformTransactionManager.class).values())
                .singleElement()
                .isInstanceOf(JpaTransactionManager.class);

        UUID committed = orders.place(request(customer, 1, 1), null).order().id();
        assertThat(outboxMessagesOf(committed)).containsExactly("OrderCreated");

        String rolledBackCustomer = "customer-" + UUID.randomUUID();
        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                    orders.place(request(rolledBackCustomer, 1, 1), null);
                    throw new IllegalStateException("the caller's transaction fails after the order was placed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(orders.search(rolledBackCustomer, null, 0, 10).totalElements())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE payload->>'customerId' = ?")
                        .param(rolledBackCustomer)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aSearchPagesNewestFirstWithEveryOrdersLines() {
        List<UUID> placed = List.of(
                orders.place(request(customer, 1, 1), null).order().id(),
                orders.place(request(customer, 2, 1), null).order().id(),
                orders.place(request(customer, 3, 1), null).order().id());

        OrderPage firstPage = orders.search(customer, Order.Status.PENDING, 0, 2);

        assertThat(firstPage.totalElements()).isEqualTo(3);
        assertThat(firstPage.content()).extracting(OrderView::id).containsExactly(placed.get(2), placed.get(1));
        assertThat(firstPage.content())
                .allSatisfy(order -> assertThat(order.items()).hasSize(2));
        assertThat(orders.search(customer, Order.Status.APPROVED, 0, 2).content())
                .isEmpty();
    }

    private OrderReply approve(UUID id) {
        return transactions.execute(tx -> orders.approve(id));
    }

    private OrderReply reject(UUID id, String reason) {
        return transactions.execute(tx -> orders.reject(id, reason));
    }

    private List<String> outboxMessagesOf(UUID orderId) {
        return jdbc.sql("SELECT message_type FROM outbox WHERE message_key = ?")
                .param(orderId.toString())
                .query(String.class)
                .list();
    }

    private static PlaceOrderRequest request(String customer, int firstQuantity, int secondQuantity) {
        return new PlaceOrderRequest(
                customer,
                List.of(
                        new PlaceOrderRequest.Item("SKU-B", firstQuantity, 500L),
                        new PlaceOrderRequest.Item("SKU-A", secondQuantity, 250L)),
                new PlaceOrderRequest.Address("Ada", "1 Main St", "Berlin", "10115", "DE"));
    }
}
