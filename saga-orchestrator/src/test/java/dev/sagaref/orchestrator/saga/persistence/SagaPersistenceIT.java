package dev.sagaref.orchestrator.saga.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.events.Channels;
import dev.sagaref.events.JsonCodec;
import dev.sagaref.events.OrderLine;
import dev.sagaref.events.ShippingAddress;
import dev.sagaref.events.payment.PaymentAuthorized;
import dev.sagaref.orchestrator.saga.OrderSagaData;
import dev.sagaref.orchestrator.saga.OrderSagaInstance;
import dev.sagaref.orchestrator.saga.SagaDefinition;
import dev.sagaref.orchestrator.saga.SagaPolicy;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.lang.reflect.Method;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.jpa.repository.support.SimpleJpaRepository;
import org.springframework.data.repository.CrudRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionManager;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.transaction.support.TransactionTemplate;

/** Saga state on JPA, against the real database: one saga per order, version checks, deadlines locked once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealInfrastructureConfiguration.class)
class SagaPersistenceIT {

    @Autowired
    Sagas sagas;

    @Autowired
    SagaDefinition definition;

    @Autowired
    SagaPolicy policy;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SagaRepository repository;

    @Autowired
    ApplicationContext context;

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private final OrderSagaData data = new OrderSagaData(
            UUID.randomUUID(),
            "customer-1",
            List.of(new OrderLine("SKU-1", 2, 500)),
            1_000,
            new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "DE"));

    @Test
    void aStoredSagaReadsBackAsItWasWithItsRulesAndItsJsonAsTheCodecWroteIt() {
        OrderSagaInstance saga = store();

        OrderSagaInstance read = sagas.findByOrderId(data.orderId()).orElseThrow();

        assertThat(read.id()).isEqualTo(saga.id());
        assertThat(read.version()).isZero();
        assertThat(read.status()).isEqualTo(OrderSagaInstance.Status.RUNNING);
        assertThat(read.timeline()).isEqualTo(saga.timeline());
        assertThat(read.awaitedChannel()).isEqualTo(Channels.PAYMENT_COMMANDS);
        assertThat(read.traceparent()).isEqualTo("00-trace-span-01");
        assertThat(read.startedBy()).isEqualTo("customer-1");
        assertThat(jdbc.sql("SELECT data::text FROM sagas WHERE id = ?")
                        .param(saga.id())
                        .query(String.class)
                        .single())
                .isEqualTo(JsonCodec.write(data));
    }

    /**
     * What the saga was started with is written once: an update writes the saga's progress and leaves the stored
     * data and starter as they are, even where the entity holds something else.
     */
    @Test
    void anUpdateWritesTheSagasProgressAndLeavesWhatItWasStartedWithAsStored() {
        OrderSagaInstance saga = store();
        String storedElsewhere = JsonCodec.write(
                new OrderSagaData(data.orderId(), "customer-2", data.items(), data.total(), data.shippingAddress()));

        transactions.executeWithoutResult(tx -> {
            OrderSagaInstance loaded = sagas.findById(saga.id()).orElseThrow();
            // Same transaction, same connection: the row now differs from the loaded entity.
            jdbc.sql("UPDATE sagas SET data = ?::json, started_by = 'customer-2' WHERE id = ?")
                    .params(storedElsewhere, saga.id())
                    .update();
            advanceOnPayment(loaded);
        });

        Map<String, Object> row = jdbc.sql("SELECT data::text AS data, started_by, version FROM sagas WHERE id = ?")
                .param(saga.id())
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("data", storedElsewhere)
                .containsEntry("started_by", "customer-2")
                .containsEntry("version", 1L);
        assertThat(sagas.findById(saga.id()).orElseThrow().awaitedChannel()).isEqualTo(Channels.INVENTORY_COMMANDS);
    }

    @Test
    void anOrderGetsOneSagaHoweverOftenItsSagaIsStarted() {
        store();

        OrderSagaInstance duplicate = OrderSagaInstance.start(
                        UUID.randomUUID(), data, "customer-1", definition, policy, now)
                .saga();

        assertThat(insert(duplicate, null)).isFalse();
    }

    @Test
    void ofTwoConcurrentUpdatesOfOneSagaTheSecondToCommitLosesOnTheVersionCheck() {
        store();
        TransactionTemplate concurrent = new TransactionTemplate(transactionManager);
        concurrent.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {
                    OrderSagaInstance mine = sagas.findByOrderId(data.orderId()).orElseThrow();
                    concurrent.executeWithoutResult(other ->
                            advanceOnPayment(sagas.findByOrderId(data.orderId()).orElseThrow()));
                    advanceOnPayment(mine);
                }))
                .isInstanceOf(OptimisticLockingFailureException.class);

        OrderSagaInstance saved = sagas.findByOrderId(data.orderId()).orElseThrow();
        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.timeline()).hasSize(2);
        assertThat(saved.awaitedChannel()).isEqualTo(Channels.INVENTORY_COMMANDS);
    }

    @Test
    void aDueSagaLockedByOneDeadlineScanIsSkippedByAnother() {
        OrderSagaInstance saga = store();
        // Scans here look past the saga's deadline instead of moving the deadline into the past, so the service's own
        // scanner (on the real clock) does not touch the saga while this test runs.
        Instant later = saga.deadline().plus(1, ChronoUnit.HOURS);
        TransactionTemplate otherInstance = new TransactionTemplate(transactionManager);
        otherInstance.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);

        transactions.executeWithoutResult(tx -> {
            assertThat(sagas.lockDue(List.of(saga.id()), later)).hasSize(1);
            otherInstance.executeWithoutResult(other -> {
                // Without SKIP LOCKED this would wait for the lock above forever; fail instead.
                jdbc.sql("SET LOCAL lock_timeout = '5s'").update();
                assertThat(sagas.lockDue(List.of(saga.id()), later)).isEmpty();
            });
        });
        otherInstance.executeWithoutResult(afterwards ->
                assertThat(sagas.lockDue(List.of(saga.id()), later)).hasSize(1));
    }

    @Test
    void pagesListSagasNewestFirstNarrowedByFiltersWithoutGapsOrRepeats() {
        String customer = "pager-" + UUID.randomUUID();
        List<UUID> newestFirst = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Two sagas share each start time, so the page boundary must also order by id.
            Instant startedAt = now.minusSeconds(10 - i / 2);
            OrderSagaInstance saga = startFor(customer, startedAt);
            saga.touched(startedAt, null);
            transactions.execute(tx -> sagas.insertIfAbsent(saga));
            newestFirst.add(0, saga.id());
        }

        SagaQuery.Page first = sagas.findPage(new SagaQuery(null, customer, null, null, null, null, 2));
        SagaQuery.Page second = sagas.findPage(new SagaQuery(null, customer, null, null, null, first.next(), 2));
        SagaQuery.Page last = sagas.findPage(new SagaQuery(null, customer, null, null, null, second.next(), 2));

        List<UUID> paged = java.util.stream.Stream.of(first, second, last)
                .flatMap(page -> page.sagas().stream())
                .map(OrderSagaInstance::id)
                .toList();
        assertThat(paged).containsExactlyInAnyOrderElementsOf(newestFirst).doesNotHaveDuplicates();
        assertThat(paged.stream().map(id -> sagas.findById(id).orElseThrow().startedAt()))
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(last.next()).isNull();
        assertThat(last.sagas()).hasSize(1);
        assertThat(sagas.findPage(
                                new SagaQuery(OrderSagaInstance.Status.REJECTED, customer, null, null, null, null, 10))
                        .sagas())
                .isEmpty();
        assertThat(sagas.findPage(new SagaQuery(null, customer, null, now.minusSeconds(8), null, null, 10))
                        .sagas())
                .hasSize(1);
        assertThat(SagaQuery.Cursor.parse(first.next().toString())).isEqualTo(first.next());
        assertThatThrownBy(() -> SagaQuery.Cursor.parse("page-2")).isInstanceOf(IllegalArgumentException.class);
        assertThat(sagas.countByStatus().get(OrderSagaInstance.Status.RUNNING)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void theRepositoryNamesTheSoleTransactionManagerSoSpringNeedNotLookForAQualifierOnEveryCall() throws Exception {
        TransactionInterceptor interceptor = Stream.of(((Advised) repository).getAdvisors())
                .map(Advisor::getAdvice)
                .flatMap(advice -> advice instanceof TransactionInterceptor found ? Stream.of(found) : Stream.empty())
                .findFirst()
                .orElseThrow();
        Method findById = CrudRepository.class.getMethod("findById", Object.class);

        TransactionAttribute attribute = interceptor
                .getTransactionAttributeSource()
                .getTransactionAttribute(findById, SimpleJpaRepository.class);

        String[] managers = context.getBeanNamesForType(TransactionManager.class);
        assertThat(managers).hasSize(1);
        assertThat(attribute.getQualifier()).isEqualTo(managers[0]);
    }

    private OrderSagaInstance startFor(String customer, Instant startedAt) {
        OrderSagaData ofCustomer =
                new OrderSagaData(UUID.randomUUID(), customer, data.items(), data.total(), data.shippingAddress());
        return OrderSagaInstance.start(UUID.randomUUID(), ofCustomer, customer, definition, policy, startedAt)
                .saga();
    }

    private OrderSagaInstance store() {
        OrderSagaInstance saga = OrderSagaInstance.start(UUID.randomUUID(), data, "customer-1", definition, policy, now)
                .saga();
        assertThat(insert(saga, "00-trace-span-01")).isTrue();
        return saga;
    }

    private boolean insert(OrderSagaInstance saga, String traceparent) {
        saga.touched(now, traceparent);
        Boolean inserted = transactions.execute(tx -> sagas.insertIfAbsent(saga));
        return Boolean.TRUE.equals(inserted);
    }

    private void advanceOnPayment(OrderSagaInstance saga) {
        assertThat(saga.handle(new PaymentAuthorized(data.orderId(), data.total()), now))
                .hasSize(1);
        saga.touched(now, null);
        sagas.save(saga);
    }
}
