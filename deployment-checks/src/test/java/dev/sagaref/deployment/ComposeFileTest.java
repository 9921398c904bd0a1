package dev.sagaref.deployment;

import static dev.sagaref.deployment.KubernetesManifestsTest.path;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid ({@code docker-compose config -q}, from Debian's docker-compose package) and agrees
 * with the applications. The checks read the resolved configuration that {@code docker-compose config} prints, so
 * YAML anchors and merges are already applied.
 */
class ComposeFileTest {

    static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void resolve() {
        Project.run("docker-compose", "-f", "docker-compose.yml", "config", "-q");
        Map<String, Object> config = Project.yamlDocuments(
                        Project.run("docker-compose", "-f", "docker-compose.yml", "config"))
                .get(0);
        services = (Map<String, Object>) config.get("services");
    }

    /** Containers that run once to completion (e.g. kafka-access), as opposed to ones that keep running. */
    private static final Set<String> ONE_SHOT = Set.of("kafka-access");

    @Test
    void everyContainerHasAHealthcheckAndAMemoryLimit() {
        services.forEach((name, service) -> {
            if (!ONE_SHOT.contains(name)) {
                assertThat(path(service, "healthcheck", "test"))
                        .as(name + " healthcheck")
                        .isNotNull();
            }
            assertThat(path(service, "mem_limit")).as(name + " mem_limit").isNotNull();
        });
    }

    @Test
    void dependenciesWaitUntilTheyAreHealthyOrHaveRunToCompletion() {
        services.forEach((name, service) -> {
            Object dependsOn = path(service, "depends_on");
            if (dependsOn != null) {
                ((Map<?, ?>) dependsOn)
                        .forEach((dependency, condition) -> assertThat(path(condition, "condition"))
                                .as(name + " → " + dependency)
                                .isEqualTo(
                                        ONE_SHOT.contains(dependency)
                                                ? "service_completed_successfully"
                                                : "service_healthy"));
            }
        });
    }

    @Test
    void kafkaAdmitsSignedInUsersOnlyAndEveryServiceSignsInAsTheUserKafkaAccessCreates() {
        Map<?, ?> broker = (Map<?, ?>) path(services.get("kafka"), "environment");
        assertThat(String.valueOf(broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
                        .split(","))
                .allSatisfy(listener -> assertThat(listener).endsWith(":SASL_PLAINTEXT"));
        assertThat(broker.get("KAFKA_AUTHORIZER_CLASS_NAME"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");

        Object access = services.get("kafka-access");
        assertThat(String.valueOf(path(access, "volumes"))).contains("k8s/base/kafka-access.sh");
        Map<?, ?> accessEnvironment = (Map<?, ?>) path(access, "environment");
        for (String user : Project.KAFKA_USERS) {
            Map<?, ?> environment = (Map<?, ?>) path(services.get(user), "environment");
            assertThat(environment.get("KAFKA_USERNAME")).as(user).isEqualTo(user);
            assertThat(environment.get("KAFKA_PASSWORD"))
                    .as(user)
                    .isNotNull()
                    .isEqualTo(accessEnvironment.get(Project.kafkaPasswordVariable(user)));
        }
        assertThat(String.valueOf(path(services.get("kafka-ui"), "environment")))
                .contains("username=\"kafka-ui\" password=\"" + accessEnvironment.get("KAFKA_UI_KAFKA_PASSWORD"));
    }

    @Test
    void theSystemIsComplete() {
        assertThat(services).containsKeys("kafka", "kafka-ui", Project.ISSUER, Project.CONSOLE);
        assertThat(services).containsKeys(Project.SERVICES.toArray(String[]::new));
        assertThat(services.keySet().stream().filter(name -> name.startsWith("postgres-")))
                .hasSize(Project.SERVICES.size());
    }

    @Test
    void servicesUseTheirImagesPortsAndOnlyVariablesTheyRead() {
        for (String service : Project.APPLICATIONS) {
            Object definition = services.get(service);
            assertThat((String) path(definition, "image")).startsWith("sagaref/" + service + ":");
            int port = Project.port(service);
            assertThat(List.copyOf((List<?>) path(definition, "ports")))
                    .as(service + " ports")
                    .anySatisfy(
                            p -> assertThat(String.valueOf(path(p, "target"))).isEqualTo(String.valueOf(port)));
            assertThat(((Map<?, ?>) path(definition, "environment")).keySet())
                    .as("variables set for " + service)
                    .allSatisfy(variable ->
                            assertThat(Project.variablesRead(service)).contains((String) variable));
            assertThat(String.valueOf(path(definition, "healthcheck", "test")))
                    .contains("/dev/tcp/localhost/" + port)
                    .contains("/actuator/health/readiness");
        }
    }

    @Test
    void theConsoleSignsPeopleInAtTheIssuerAndReachesEveryServiceButNoDatabase() {
        Object console = services.get(Project.CONSOLE);
        Map<?, ?> environment = (Map<?, ?>) path(console, "environment");
        Map<?, ?> issuer = (Map<?, ?>) path(services.get(Project.ISSUER), "environment");
        assertThat(environment.get("AUTH_ISSUER_URI")).isNotNull().isEqualTo(issuer.get("AUTH_ISSUER_URI"));
        assertThat(environment.get("AUTH_SERVER_URI"))
                .isEqualTo("http://" + Project.ISSUER + ":" + Project.port(Project.ISSUER));
        // The issuer refuses localhost redirect addresses; this one is the port compose publishes on the host.
        String publicUri = String.valueOf(environment.get("CONSOLE_PUBLIC_URI"));
        assertThat(List.copyOf((List<?>) path(console, "ports")))
                .anySatisfy(port -> assertThat(publicUri).isEqualTo("http://127.0.0.1:" + path(port, "published")));
        assertThat(String.valueOf(issuer.get("AUTH_CONSOLE_REDIRECT_URIS")).split(","))
                .as("where the issuer may send the console's sign-in back to")
                .contains(publicUri + Project.CONSOLE_REDIRECT_PATH);
        for (String service : Project.SERVICES) {
            assertThat(environment.get(Project.consoleUrlVariable(service)))
                    .as(service + "'s API")
                    .isEqualTo("http://" + service + ":" + Project.port(service));
        }
        assertThat(environment.keySet().stream().map(String::valueOf)).noneMatch(name -> name.startsWith("DB_"));
        Map<?, ?> dependsOn = (Map<?, ?>) path(console, "depends_on");
        assertThat(dependsOn.keySet().stream().map(String::valueOf))
                .contains(Project.ISSUER, "kafka-access")
                .containsAll(Project.SERVICES);
    }

    @Test
    void everyServiceConnectsAsItsOwnRoleWhichItsDatabaseCreates() {
        for (String service : Project.SERVICES) {
            String database = Project.DATABASES.get(service);
            Map<?, ?> environment = (Map<?, ?>) path(services.get(service), "environment");
            assertThat(environment.get("DB_USERNAME")).as(service).isEqualTo(database + "_service");
            assertThat(environment.get("RELAY_DB_USERNAME")).as(service).isEqualTo(database + "_relay");
            Object postgres = services.get("postgres-" + database);
            @SuppressWarnings("unchecked")
            Map<String, Object> postgresEnvironment = (Map<String, Object>) path(postgres, "environment");
            assertThat(postgresEnvironment)
                    .containsEntry("SERVICE_DB_USERNAME", database + "_service")
                    .containsEntry("RELAY_DB_USERNAME", database + "_relay")
                    .containsEntry("SERVICE_DB_PASSWORD", environment.get("DB_PASSWORD"))
                    .containsEntry("RELAY_DB_PASSWORD", environment.get("RELAY_DB_PASSWORD"));
            assertThat(String.valueOf(path(postgres, "volumes"))).contains("postgres-service-roles.sh");
        }
    }

    @Test
    void everyDatabaseHasLogicalReplicationAndACapOnSlotWal() {
        services.forEach((name, service) -> {
            if (name.startsWith("postgres-")) {
                String command = String.valueOf(path(service, "command"));
                assertThat(command).as(name).contains("wal_level=logical").contains("max_slot_wal_keep_size=");
            }
        });
    }
}
