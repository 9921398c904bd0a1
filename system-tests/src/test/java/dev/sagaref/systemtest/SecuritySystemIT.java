package dev.sagaref.systemtest;

import static dev.sagaref.systemtest.Api.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sagaref.localrun.LocalStack;
import dev.sagaref.systemtest.Api.Line;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may do what, against the running stack with tokens from its real issuer: 401 without a valid token, 403 for the
 * wrong role, customers confined to their own orders and accounts, and forged tokens refused.
 */
class SecuritySystemIT {

    static LocalStack stack;
    static Api operator;

    @BeforeAll
    static void startSystem() {
        stack = SystemStack.get();
        operator = new Api(stack);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "order-service,     GET, /api/orders",
        "order-service,     POST, /api/orders",
        "payment-service,   PUT, /api/accounts/someone",
        "payment-service,   GET, /api/accounts/someone",
        "inventory-service, PUT, /api/products/SKU-1",
        "inventory-service, GET, /api/products/SKU-1",
        "shipping-service,  GET, /api/shipments?orderId=00000000-0000-0000-0000-000000000000",
        "saga-orchestrator, GET, /api/sagas?state=STARTED",
        "saga-orchestrator, GET, /actuator/metrics",
    })
    void withoutATokenEveryApiAnswers401AsAProblem(String service, String method, String path) {
        Api.Response response = operator.withAuthorization(null).send(service, path, method, "{}", Map.of());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.raw().headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
        assertThat(response.body().get("status").asInt()).isEqualTo(401);
        assertThat(response.body().get("detail").asString()).contains("bearer token");
    }

    @Test
    void probesAndTheScrapeNeedNoTokenAndTheOtherActuatorEndpointsNeedTheOperator() {
        Api anonymous = operator.withAuthorization(null);
        for (LocalStack.Service service : LocalStack.SERVICES) {
            assertThat(anonymous
                            .get(service.module(), "/actuator/health/readiness")
                            .status())
                    .isEqualTo(200);
            assertThat(anonymous.get(service.module(), "/actuator/prometheus").status())
                    .isEqualTo(200);
        }
        assertThat(operator.as(unique("c"))
                        .get("order-service", "/actuator/metrics")
                        .status())
                .isEqualTo(403);
        assertThat(operator.get("order-service", "/actuator/metrics").status()).isEqualTo(200);
    }

    @Test
    void theApiDocsTellSwaggerUiToSendABearerToken() {
        Api anonymous = operator.withAuthorization(null);
        for (LocalStack.Service service : LocalStack.SERVICES) {
            Api.Response docs = anonymous.get(service.module(), "/v3/api-docs");
            assertThat(docs.status()).as(service.module()).isEqualTo(200);
            assertThat(docs.body()
                            .at("/components/securitySchemes/bearer/scheme")
                            .asString())
                    .as(service.module())
                    .isEqualTo("bearer");
            assertThat(docs.body().at("/security/0").has("bearer"))
                    .as(service.module())
                    .isTrue();
        }
    }

    @Test
    void aCustomerCannotSeedOrReadSagasOrShipments() {
        Api customer = operator.as(unique("c"));

        assertForbidden(customer.put("payment-service", "/api/accounts/" + unique("c"), Map.of("balance", 10)));
        assertForbidden(
                customer.put("inventory-service", "/api/products/" + unique("sku"), Map.of("name", "n", "stock", 1)));
        assertForbidden(customer.get("saga-orchestrator", "/api/sagas?orderId=" + UUID.randomUUID()));
        assertForbidden(customer.get("shipping-service", "/api/shipments?orderId=" + UUID.randomUUID()));
    }

    @Test
    void aCustomerReadsTheirOwnOrdersAndAccountButNobodyElses() {
        String alice = unique("alice");
        String mallory = unique("mallory");
        operator.account(alice, 1_000);
        operator.account(mallory, 1_000);
        UUID alicesOrder = operator.placeOrder(alice, "DE", new Line(unique("sku"), 1, 100));
        Api asAlice = operator.as(alice);
        Api asMallory = operator.as(mallory);

        assertThat(asAlice.get("order-service", "/api/orders/" + alicesOrder).status())
                .isEqualTo(200);
        // Another customer's order is as unknown to them as an id that does not exist.
        assertThat(asMallory.get("order-service", "/api/orders/" + alicesOrder).status())
                .isEqualTo(404);
        assertThat(asAlice.get("payment-service", "/api/accounts/" + alice).status())
                .isEqualTo(200);
        assertForbidden(asMallory.get("payment-service", "/api/accounts/" + alice));
        assertForbidden(asMallory.get("order-service", "/api/orders?customerId=" + alice));
        // Without a filter, a customer's search shows their own orders only.
        assertThat(asMallory
                        .get("order-service", "/api/orders")
                        .body()
                        .get("totalElements")
                        .asLong())
                .isZero();
        assertThat(asAlice.get("order-service", "/api/orders")
                        .body()
                        .get("totalElements")
                        .asLong())
                .isEqualTo(1);
        assertThat(operator.get("order-service", "/api/orders?customerId=" + alice)
                        .body()
                        .get("totalElements")
                        .asLong())
                .isEqualTo(1);
    }

    @Test
    void anOrderIsTheSignedInCustomersAndABodyNamingAnotherIsRefusedWithoutWritingAnything() {
        String alice = unique("alice");
        String mallory = unique("mallory");
        operator.account(alice, 1_000);
        String sku = unique("sku");
        operator.product(sku, 5);

        Api.Response forAlice = operator.as(mallory)
                .post("order-service", "/api/orders", Api.orderJson(alice, "DE", new Line(sku, 1, 100)), Map.of());
        Api.Response byTheOperator = operator.post(
                "order-service", "/api/orders", Api.orderJson(alice, "DE", new Line(sku, 1, 100)), Map.of());
        var withoutCustomer = (tools.jackson.databind.node.ObjectNode)
                Api.JSON.readTree(Api.orderJson(alice, "DE", new Line(sku, 1, 100)));
        withoutCustomer.remove("customerId");
        Api.Response fromTheToken =
                operator.as(alice).post("order-service", "/api/orders", withoutCustomer.toString(), Map.of());

        assertForbidden(forAlice);
        assertThat(forAlice.body().get("detail").asString()).contains(mallory).contains(alice);
        // An operator places orders for the customer the body names (the console's try-it form does); without one, 400.
        assertThat(byTheOperator.status()).as(byTheOperator.raw().body()).isEqualTo(201);
        assertThat(operator.post("order-service", "/api/orders", withoutCustomer.toString(), Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(operator.get("order-service", "/api/orders?customerId=" + alice)
                        .body()
                        .get("totalElements")
                        .asLong())
                .as("the operator's order for alice and the one without a customer in its body, which the token made"
                        + " alice's; not mallory's")
                .isEqualTo(2);
        UUID placedByTheOperator =
                UUID.fromString(byTheOperator.body().get("id").asString());
        assertThat(operator.awaitSagaTerminal(placedByTheOperator, Duration.ofSeconds(60))
                        .get("startedBy")
                        .asString())
                .as("the saga names who placed the order")
                .isEqualTo("operator");
        assertThat(fromTheToken.status()).as(fromTheToken.raw().body()).isEqualTo(201);
        assertThat(fromTheToken.body().get("customerId").asString()).isEqualTo(alice);
        UUID order = UUID.fromString(fromTheToken.body().get("id").asString());
        operator.assertApproved(order, Duration.ofSeconds(60));

        // Who started the saga travels with every one of its messages and shows in the saga API.
        assertThat(operator.saga(order).get("startedBy").asString()).isEqualTo(alice);
        List<Topics.Message> messages = new java.util.ArrayList<>();
        for (String topic : List.of(
                "order.events",
                "order.commands",
                "payment.commands",
                "inventory.commands",
                "shipping.commands",
                "saga.replies")) {
            Topics.readAll(stack.kafkaBootstrapServers(), topic).stream()
                    .filter(message -> order.toString().equals(message.key()))
                    .forEach(messages::add);
        }
        assertThat(messages)
                .extracting(Topics.Message::type)
                .contains(
                        "OrderCreated",
                        "AuthorizePayment",
                        "PaymentAuthorized",
                        "ReserveStock",
                        "StockReserved",
                        "ScheduleShipment",
                        "ShipmentScheduled",
                        "ApproveOrder",
                        "OrderApproved");
        assertThat(messages)
                .allSatisfy(message ->
                        assertThat(message.initiatedBy()).as(message.type()).isEqualTo(alice));
    }

    @Test
    void forgedTokensAreRefused() throws Exception {
        RSAKey issuerKey = issuerKey();
        RSAKey otherKey = newKey();
        String customer = unique("c");
        Instant now = Instant.now();

        Map<String, String> forgeries = Map.of(
                "expired ten minutes ago",
                signed(issuerKey, claims(customer, stack.issuerUrl(), now.minus(Duration.ofMinutes(10)))),
                "signed with another key",
                signed(otherKey, claims(customer, stack.issuerUrl(), now.plus(Duration.ofMinutes(10)))),
                "from another issuer",
                signed(issuerKey, claims(customer, "http://evil.example", now.plus(Duration.ofMinutes(10)))),
                "unsigned (alg: none)",
                new PlainJWT(claims(customer, stack.issuerUrl(), now.plus(Duration.ofMinutes(10)))).serialize(),
                "signature of another token",
                withSignatureOf(
                        signed(issuerKey, claims(customer, stack.issuerUrl(), now.plus(Duration.ofMinutes(10)))),
                        claims("operator", stack.issuerUrl(), now.plus(Duration.ofMinutes(10)))),
                "not a JWT",
                "not-a-token");

        // The same claims signed with the issuer's key pass, so each refusal is down to what was forged.
        String genuine = signed(issuerKey, claims(customer, stack.issuerUrl(), now.plus(Duration.ofMinutes(10))));
        assertThat(operator.withAuthorization("Bearer " + genuine)
                        .get("order-service", "/api/orders")
                        .status())
                .isEqualTo(200);
        forgeries.forEach((what, token) -> {
            Api.Response response =
                    operator.withAuthorization("Bearer " + token).get("order-service", "/api/orders");
            assertThat(response.status()).as(what).isEqualTo(401);
            assertThat(response.body().get("detail").asString()).as(what).contains("refused");
        });
    }

    @Test
    void eachServiceConnectsAsARoleThatOwnsItsDatabaseAndCanEnterNoOther() throws Exception {
        // Every other service's database is in a PostgreSQL cluster of its own, where this role does not exist
        // (PostgresClusterIT checks the grants that keep two services apart within one cluster).
        for (LocalStack.Service other : LocalStack.SERVICES.subList(1, LocalStack.SERVICES.size())) {
            assertThatThrownBy(() -> connect(other.module(), "orders_service"))
                    .as("orders_service connecting to " + other.database())
                    .hasMessageContaining("role \"orders_service\" does not exist");
        }
        try (Connection orders = connect("order-service", "orders_service");
                Statement sql = orders.createStatement()) {
            try (ResultSet role = sql.executeQuery("""
                    SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication FROM pg_roles
                    WHERE rolname = current_user""")) {
                role.next();
                assertThat(List.of(role.getBoolean(1), role.getBoolean(2), role.getBoolean(3), role.getBoolean(4)))
                        .as("superuser, createrole, createdb, replication")
                        .containsOnly(false);
            }
            try (ResultSet owner =
                    sql.executeQuery("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'orders'")) {
                owner.next();
                assertThat(owner.getString(1)).isEqualTo("orders_service");
            }
        }
        // order-service's pooled connections are the service role's, and the relay streams as the replication role
        // (asked as the superuser: other roles' sessions show no details to a plain role).
        try (Connection admin = connect("order-service", "postgres");
                Statement sql = admin.createStatement()) {
            try (ResultSet sessions = sql.executeQuery("""
                    SELECT DISTINCT usename, backend_type FROM pg_stat_activity
                    WHERE datname = 'orders' AND pid <> pg_backend_pid()""")) {
                List<String> users = new java.util.ArrayList<>();
                while (sessions.next()) {
                    users.add(sessions.getString(1) + " " + sessions.getString(2));
                }
                assertThat(users).contains("orders_service client backend");
                if ("debezium".equals(SystemStack.RELAY_MODE)) {
                    assertThat(users).contains("orders_relay walsender");
                }
            }
        }
    }

    @Test
    void theRelayRoleReplicatesButReadsNoBusinessTable() throws Exception {
        try (Connection relay = connect("order-service", "orders_relay");
                Statement sql = relay.createStatement()) {
            assertThatThrownBy(() -> sql.executeQuery("SELECT * FROM orders LIMIT 1"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> sql.executeQuery("INSERT INTO outbox DEFAULT VALUES"))
                    .hasMessageContaining("permission denied");
        }
        // Another service's database is in a cluster of its own, where this role does not exist.
        assertThatThrownBy(() -> connect("payment-service", "orders_relay"))
                .hasMessageContaining("role \"orders_relay\" does not exist");
    }

    /** A connection to the service's own database, as {@code role} (every local role's password is postgres). */
    private static Connection connect(String module, String role) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(module), role, "postgres");
    }

    private static void assertForbidden(Api.Response response) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(403);
        assertThat(response.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("application/problem+json"));
        assertThat(response.body().get("status").asInt()).isEqualTo(403);
    }

    private static JWTClaimsSet claims(String subject, String issuer, Instant expires) {
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(issuer)
                .issueTime(Date.from(expires.minus(Duration.ofMinutes(30))))
                .expirationTime(Date.from(expires))
                .claim("roles", List.of(subject.equals("operator") ? "OPERATOR" : "CUSTOMER"))
                .build();
    }

    private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A token for other claims carrying a genuine token's header and signature. */
    private static String withSignatureOf(String genuine, JWTClaimsSet otherClaims) {
        String[] parts = genuine.split("\\.");
        return parts[0] + "." + Base64URL.encode(otherClaims.toString()) + "." + parts[2];
    }

    private static RSAKey issuerKey() throws Exception {
        return rsaKey(stack.issuerSigningKey());
    }

    private static RSAKey newKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return rsaKey((RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
    }

    /** With the issuer's own key id (its thumbprint), so a forged token names a key the services know. */
    private static RSAKey rsaKey(RSAPrivateCrtKey privateKey) throws Exception {
        var publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return new RSAKey.Builder(publicKey)
                .privateKey(privateKey)
                .keyIDFromThumbprint()
                .build();
    }
}
