package dev.sagaref.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stack with Kafka access control on, set up by the same script as compose and k8s (k8s/base/kafka-access.sh):
 * every service signs in as its own SCRAM user, sagas still run on both paths, and a service's user can touch nothing
 * of another service's.
 */
class KafkaAccessSystemIT {

    private static final Duration SAGA_TIMEOUT = Duration.ofSeconds(60);

    private static LocalStack stack;
    private static Api api;

    @BeforeAll
    static void startStackWithKafkaAccessControl() {
        Path privateHome = Path.of("target", "private-home-kafka-access").toAbsolutePath();
        LocalStack.deleteDirectory(privateHome);
        stack = LocalStack.start(new LocalStack.Settings(
                        Path.of("..").toAbsolutePath().normalize(),
                        SystemStack.privateDirectory(privateHome).resolve("stack"),
                        SystemStack.KAFKA_ACCESS_PORT_OFFSET,
                        SystemStack.RELAY_MODE,
                        // Room for a participant kept from its topic for a while (the last test) without giving up.
                        Map.of("SAGA_STEP_TIMEOUT", "120s"))
                .withKafkaAccessControl());
        api = new Api(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sagasRunToTheEndWithEveryServiceSignedInAsItsOwnUser() {
        Shop shop = Shop.seeded();

        UUID approved = api.placeOrder(shop.customer(), "DE", new Line(shop.sku(), 2, 1_000));
        // Rejected by shipping: the refund and the stock release travel as compensating commands.
        UUID rejected = api.placeOrder(shop.customer(), "AQ", new Line(shop.sku(), 1, 1_000));

        api.assertApproved(approved, SAGA_TIMEOUT);
        api.assertRejected(rejected, "UNSUPPORTED_DESTINATION", SAGA_TIMEOUT);
        api.awaitSagaTerminal(rejected, SAGA_TIMEOUT);
        assertThat(api.balance(shop.customer())).isEqualTo(10_000 - 2_000);
        assertThat(api.available(shop.sku())).isEqualTo(10 - 2);
    }

    @Test
    void aServiceWritesItsOwnTopicsButNotAnotherServices() throws Exception {
        try (KafkaProducer<String, String> orderService = producer("order-service")) {
            // Its own: the replies every participant sends.
            orderService
                    .send(new ProducerRecord<>("saga.replies", "acl-check", "{}"))
                    .get(30, TimeUnit.SECONDS);

            // The payment service's commands are the orchestrator's to send.
            assertThatThrownBy(() -> orderService
                            .send(new ProducerRecord<>("payment.commands", "acl-check", "{}"))
                            .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aServiceReadsNeitherAnotherServicesTopicNorInItsConsumerGroup() {
        try (KafkaConsumer<String, String> paymentService = consumer("payment-service", "payment-service")) {
            // Assigned, not subscribed: no rebalance of the running payment service's group.
            paymentService.assign(List.of(new TopicPartition("order.events", 0)));
            assertThatThrownBy(() -> paymentService.poll(Duration.ofSeconds(30)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> paymentService = consumer("payment-service", "order-service")) {
            paymentService.subscribe(List.of("payment.commands"));
            assertThatThrownBy(() -> paymentService.poll(Duration.ofSeconds(30)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void theOrchestratorSeesTheParticipantsProgressButCannotMoveIt() throws Exception {
        try (Admin orchestrator = admin(stack.kafkaSecurityOf("saga-orchestrator"))) {
            // What it needs to tell a lost command from a slow participant.
            orchestrator
                    .listConsumerGroupOffsets("payment-service")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> orchestrator
                            .deleteConsumerGroups(List.of("payment-service"))
                            .all()
                            .get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void nobodyGetsInWithoutSigningInOrWithAWrongPassword() {
        Map<String, Object> wrongPassword = new HashMap<>(stack.kafkaSecurityOf("order-service"));
        wrongPassword.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"order-service\" password=\"guessed\";");
        try (Admin guesser = admin(wrongPassword)) {
            assertThatThrownBy(() -> guesser.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        // A client that does not speak SASL gets no answer at all: the broker drops the connection.
        try (Admin anonymous = admin(Map.of())) {
            assertThatThrownBy(() -> anonymous.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aServiceRefusedByTheBrokerCarriesOnOnceItsAccessIsBack() throws Exception {
        Shop shop = Shop.seeded();
        AclBinding readCommands = new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "payment.commands", PatternType.LITERAL),
                new AccessControlEntry("User:payment-service", "*", AclOperation.READ, AclPermissionType.ALLOW));
        try (Admin admin = admin(stack.kafkaAdminSecurity())) {
            admin.deleteAcls(List.of(readCommands.toFilter())).all().get(30, TimeUnit.SECONDS);
            // A fetch the consumer sent before the right went away may still wait at the broker (up to
            // fetch.max.wait.ms, 500 ms); it was authorized when it arrived and would deliver the next record.
            Thread.sleep(2_000);
            try {
                UUID order = api.placeOrder(shop.customer(), "DE", new Line(shop.sku(), 1, 1_000));

                Thread.sleep(8_000);
                assertThat(api.order(order).get("status").asString())
                        .as("the payment service cannot read its commands")
                        .isEqualTo("PENDING");
                assertThat(api.balance(shop.customer())).isEqualTo(10_000);

                admin.createAcls(List.of(readCommands)).all().get(30, TimeUnit.SECONDS);
                // Its consumer was refused and kept trying; no restart.
                api.assertApproved(order, SAGA_TIMEOUT);
                assertThat(api.balance(shop.customer())).isEqualTo(10_000 - 1_000);
            } finally {
                admin.createAcls(List.of(readCommands)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** As in Kubernetes, where nothing makes a service wait for the Job that creates its Kafka user. */
    @Test
    void aServiceStartedBeforeItsKafkaUserExistsCarriesOnOnceTheUserIsCreated() throws Exception {
        Shop shop = Shop.seeded();
        try (Admin admin = admin(stack.kafkaAdminSecurity())) {
            admin.alterUserScramCredentials(
                            List.of(new UserScramCredentialDeletion("shipping-service", ScramMechanism.SCRAM_SHA_512)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        stack.restart("shipping-service"); // its producer and consumer are refused from the start

        UUID order = api.placeOrder(shop.customer(), "DE", new Line(shop.sku(), 1, 1_000));
        Thread.sleep(8_000);
        assertThat(api.order(order).get("status").asString())
                .as("the shipping service cannot sign in")
                .isEqualTo("PENDING");

        stack.applyKafkaAccess();
        api.assertApproved(order, SAGA_TIMEOUT);
        assertThat(api.shipments(order)).hasSize(1);
    }

    /** A new product with 10 in stock and a new customer with 10,000 to spend. */
    private record Shop(String sku, String customer) {
        static Shop seeded() {
            Shop shop = new Shop(Api.unique("acl-sku"), Api.unique("acl-customer"));
            api.product(shop.sku(), 10);
            api.account(shop.customer(), 10_000);
            return shop;
        }
    }

    private static Admin admin(Map<String, Object> security) {
        Map<String, Object> config = new HashMap<>(security);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(config);
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> config = new HashMap<>(stack.kafkaSecurityOf(user));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> config = new HashMap<>(stack.kafkaSecurityOf(user));
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
