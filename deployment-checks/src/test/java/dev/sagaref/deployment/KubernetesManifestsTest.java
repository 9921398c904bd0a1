package dev.sagaref.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every overlay under k8s/overlays renders with {@code kubectl kustomize}; every object it renders is valid for the
 * Kubernetes 1.32 API, checked with the API models of the official Java client, which reject unknown fields; and the
 * services' manifests agree with the services.
 */
class KubernetesManifestsTest {

    static final List<String> OVERLAYS = List.of("local", "production");

    /** kind → the client model that validates it. */
    private static final Map<String, String> MODELS = Map.of(
            "Namespace", "V1Namespace",
            "ServiceAccount", "V1ServiceAccount",
            "ConfigMap", "V1ConfigMap",
            "Secret", "V1Secret",
            "Service", "V1Service",
            "Deployment", "V1Deployment",
            "StatefulSet", "V1StatefulSet",
            "Job", "V1Job",
            "PodDisruptionBudget", "V1PodDisruptionBudget",
            "NetworkPolicy", "V1NetworkPolicy");

    /** Every kind of object that runs pods. */
    private static final String[] WORKLOADS = {"Deployment", "StatefulSet", "Job"};

    static Stream<String> overlays() {
        return OVERLAYS.stream();
    }

    /** Each overlay is rendered once per run: the checks only read the objects, and kubectl takes a second. */
    private static final Map<String, List<Map<String, Object>>> RENDERED =
            new java.util.concurrent.ConcurrentHashMap<>();

    static List<Map<String, Object>> render(String overlay) {
        return RENDERED.computeIfAbsent(
                overlay, o -> Project.yamlDocuments(Project.run("kubectl", "kustomize", "k8s/overlays/" + o)));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectIsValidForTheKubernetesApi(String overlay) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> object : render(overlay)) {
            String problem = validate(object);
            if (problem != null) {
                problems.add(object.get("kind") + " " + name(object) + ": " + problem);
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisspelledFieldFailsValidation() {
        Map<String, Object> deployment = new LinkedHashMap<>(render("local").stream()
                .filter(o -> "Deployment".equals(o.get("kind")))
                .findFirst()
                .orElseThrow());
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) deployment.get("spec"));
        spec.put("replica", spec.remove("replicas"));
        deployment.put("spec", spec);

        assertThat(validate(deployment)).contains("replica");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceHasProbesLimitsAndALockedDownSecurityContext(String overlay) {
        for (String service : Project.APPLICATIONS) {
            Map<String, Object> pod = podSpec(deployment(overlay, service));
            Map<String, Object> container = container(pod);
            assertThat(container).as(service).containsKeys("livenessProbe", "readinessProbe", "startupProbe");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(stringMap(path(container, "resources", "limits")))
                    .as(service)
                    .containsKeys("cpu", "memory");
            assertThat(stringMap(path(container, "resources", "requests")))
                    .as(service)
                    .containsKeys("cpu", "memory");
            assertThat(path(pod, "securityContext", "runAsNonRoot")).as(service).isEqualTo(true);
            assertThat(path(container, "securityContext", "readOnlyRootFilesystem"))
                    .as(service)
                    .isEqualTo(true);
            assertThat(path(container, "securityContext", "allowPrivilegeEscalation"))
                    .as(service)
                    .isEqualTo(false);
            assertThat(List.copyOf((List<?>) path(container, "securityContext", "capabilities", "drop"))
                            .toString())
                    .isEqualTo("[ALL]");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceRunsTwoReplicasUnderADisruptionBudget(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        for (String service : Project.SERVICES) {
            assertThat(path(deployment(overlay, service), "spec", "replicas"))
                    .as(service)
                    .isEqualTo(2);
            Map<String, Object> budget = find(objects, "PodDisruptionBudget", service);
            assertThat(path(budget, "spec", "minAvailable")).isEqualTo(1);
            assertThat(labelsOf(podTemplate(deployment(overlay, service))))
                    .containsAllEntriesOf(stringMap(path(budget, "spec", "selector", "matchLabels")));
        }
    }

    @Test
    void productionIssuersSignWithTheKeyFromTheSecretAndTheLocalOneWithAKeyOfItsOwn() {
        Map<String, Object> production = deployment("production", Project.ISSUER);
        assertThat(path(production, "spec", "replicas")).isEqualTo(2);
        assertThat(String.valueOf(path(podSpec(production), "volumes"))).contains("secretName=auth-server-signing-key");
        assertThat(stringMap(path(find(render("production"), "ConfigMap", Project.ISSUER), "data")))
                .containsEntry("AUTH_SIGNING_KEY_FILE", "/etc/auth-server/signing-key.pem");
        assertThat(String.valueOf(path(container(podSpec(production)), "volumeMounts")))
                .contains("mountPath=/etc/auth-server");

        Map<String, Object> local = deployment("local", Project.ISSUER);
        assertThat(path(local, "spec", "replicas")).isEqualTo(1);
        assertThat(String.valueOf(path(podSpec(local), "volumes"))).doesNotContain("signing-key");
        assertThat(stringMap(path(find(render("local"), "ConfigMap", Project.ISSUER), "data")))
                .doesNotContainKey("AUTH_SIGNING_KEY_FILE");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceConnectsAsItsOwnRoleAndItsDatabaseCreatesTheRoles(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        for (String service : Project.SERVICES) {
            String database = Project.DATABASES.get(service);
            String env = String.valueOf(path(container(podSpec(deployment(overlay, service))), "env"));
            assertThat(env)
                    .as(service)
                    .contains("name=DB_USERNAME, value=" + database + "_service")
                    .contains("name=RELAY_DB_USERNAME, value=" + database + "_relay")
                    .contains("key=service-password")
                    .contains("key=relay-password")
                    // The superuser's credentials stay with the database container.
                    .doesNotContain("key=username")
                    .doesNotContain("key=password,");
            Map<String, Object> postgres = find(objects, "StatefulSet", "postgres-" + database);
            assertThat(String.valueOf(path(container(podSpec(postgres)), "env")))
                    .contains("name=SERVICE_DB_USERNAME, value=" + database + "_service")
                    .contains("name=RELAY_DB_USERNAME, value=" + database + "_relay");
            assertThat(String.valueOf(path(container(podSpec(postgres)), "volumeMounts")))
                    .contains("mountPath=/docker-entrypoint-initdb.d");
            assertThat(String.valueOf(path(podSpec(postgres), "volumes"))).contains("postgres-service-roles");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void networkTrafficIsDeniedUnlessAPolicyAllowsItAndEveryWorkloadHasOne(String overlay) {
        List<Map<String, Object>> policies = kind(render(overlay), "NetworkPolicy");
        assertThat(policies)
                .as("a default deny for every pod, both ways, allowing nothing")
                .anySatisfy(policy -> {
                    assertThat(stringMap(path(policy, "spec", "podSelector"))).isEmpty();
                    assertThat(String.valueOf(path(policy, "spec", "policyTypes")))
                            .isEqualTo("[Ingress, Egress]");
                    assertThat(stringMap(path(policy, "spec"))).doesNotContainKeys("ingress", "egress");
                });
        for (Map<String, Object> workload : kind(render(overlay), WORKLOADS)) {
            String name = name(workload);
            assertThat(policies)
                    .as("a policy of its own for " + name)
                    .anySatisfy(policy -> assertThat(selectedName(path(policy, "spec", "podSelector")))
                            .isEqualTo(name));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aServiceReachesItsOwnDatabaseKafkaAndTheIssuerAndItsDatabaseAdmitsItAlone(String overlay) {
        List<Map<String, Object>> policies = kind(render(overlay), "NetworkPolicy");
        for (String service : Project.SERVICES) {
            String database = "postgres-" + Project.DATABASES.get(service);
            Map<String, Object> own = policyFor(policies, service);
            assertThat(peers(own, "egress", "to"))
                    .as(service)
                    .containsExactlyInAnyOrder(database, "kafka", Project.ISSUER);
            assertThat(peers(policyFor(policies, database), "ingress", "from"))
                    .as(database)
                    .containsExactly(service);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaAdmitsSignedInUsersOnlyAndEveryServiceSignsInAsItself(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        KafkaImageConfig broker = new KafkaImageConfig(environment(find(objects, "StatefulSet", "kafka")));
        assertThat(broker.get("listener.security.protocol.map").split(","))
                .as("every listener's protocol")
                .allSatisfy(listener -> assertThat(listener).endsWith(":SASL_PLAINTEXT"));
        assertThat(broker.get("authorizer.class.name"))
                .isEqualTo("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        assertThat(broker.get("super.users")).isEqualTo("User:admin");
        assertThat(broker.get("allow.everyone.if.no.acl.found")).isNull();
        assertThat(broker.missingLoginSettings())
                .as("settings the broker cannot start without")
                .isEmpty();

        Map<String, Object> job = find(objects, "Job", "kafka-access");
        Map<String, String> jobEnvironment = environment(job);
        // The script's ConfigMap, by the name kustomize gave it (a hash of its content appended).
        String scripts = listOrEmpty(path(podSpec(job), "volumes")).stream()
                .map(volume -> (String) path(volume, "configMap", "name"))
                .filter(name -> name != null && name.startsWith("kafka-access"))
                .findFirst()
                .orElseThrow();
        String script =
                stringMap(path(find(objects, "ConfigMap", scripts), "data")).get("kafka-access.sh");
        for (String user : Project.KAFKA_USERS) {
            Map<String, String> env = environment(deployment(overlay, user));
            assertThat(env).as(user).containsEntry("KAFKA_USERNAME", user);
            String passwordVariable = Project.kafkaPasswordVariable(user);
            assertThat(env.get("KAFKA_PASSWORD"))
                    .as(user + "'s password is the one its user is created with")
                    .isEqualTo("secret kafka-credentials/" + user + "-password")
                    .isEqualTo(jobEnvironment.get(passwordVariable));
            assertThat(script).contains("user " + user + " \"$" + passwordVariable + "\"");
        }
        if (overlay.equals("local")) {
            Set<String> keys = stringMap(path(find(objects, "Secret", "kafka-credentials"), "data"))
                    .keySet();
            assertThat(jobEnvironment.values().stream()
                            .filter(value -> value.startsWith("secret kafka-credentials/"))
                            .map(value -> value.substring("secret kafka-credentials/".length())))
                    .as("keys of the local overlay's kafka-credentials")
                    .allSatisfy(key -> assertThat(keys).contains(key));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theConsoleSignsPeopleInAtTheIssuerAndReachesTheApisTheIssuerAndKafkaButNoDatabase(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        Map<String, String> issuer = stringMap(path(find(objects, "ConfigMap", Project.ISSUER), "data"));
        Map<String, String> console = stringMap(path(find(objects, "ConfigMap", Project.CONSOLE), "data"));
        assertThat(console)
                .containsEntry("AUTH_ISSUER_URI", issuer.get("AUTH_ISSUER_URI"))
                .containsEntry("AUTH_SERVER_URI", "http://auth-server:8086");
        assertThat(issuer.get("AUTH_CONSOLE_REDIRECT_URIS").split(","))
                .as("where the issuer may send the console's sign-in back to")
                .contains(console.get("CONSOLE_PUBLIC_URI") + Project.CONSOLE_REDIRECT_PATH);
        for (String service : Project.SERVICES) {
            int port = Project.port(service);
            assertThat(console).containsEntry(Project.consoleUrlVariable(service), "http://" + service + ":" + port);
            assertThat(servicePorts(find(objects, "Service", service)))
                    .as(service)
                    .contains(port);
        }
        assertThat(console.keySet()).noneMatch(name -> name.startsWith("DB_"));
        // Its sign-ins live in its memory (the HTTP session), which a second replica would not know.
        assertThat(path(deployment(overlay, Project.CONSOLE), "spec", "replicas"))
                .isEqualTo(1);

        List<Map<String, Object>> policies = kind(objects, "NetworkPolicy");
        List<String> reached = new ArrayList<>(Project.SERVICES);
        reached.addAll(List.of(Project.ISSUER, "kafka"));
        assertThat(peers(policyFor(policies, Project.CONSOLE), "egress", "to"))
                .as("what the console reaches")
                .containsExactlyInAnyOrderElementsOf(reached);
        assertThat(peers(policyFor(policies, "kafka"), "ingress", "from")).contains(Project.CONSOLE);
        for (String application : Project.APPLICATIONS) {
            assertThat(admitsAnyoneOn(policyFor(policies, application), Project.port(application)))
                    .as(application + " admits anyone on its port, the console included")
                    .isTrue();
        }
    }

    /** Whether a policy has an ingress rule that admits every source to a port. */
    private static boolean admitsAnyoneOn(Map<String, Object> policy, int port) {
        return listOrEmpty(path(policy, "spec", "ingress")).stream()
                .filter(rule -> path(rule, "from") == null)
                .flatMap(rule -> listOrEmpty(path(rule, "ports")).stream())
                .anyMatch(p -> String.valueOf(port).equals(String.valueOf(path(p, "port"))));
    }

    /** The ports a Kubernetes Service listens on. */
    private static List<Integer> servicePorts(Map<String, Object> service) {
        return listOrEmpty(path(service, "spec", "ports")).stream()
                .map(p -> Integer.valueOf(String.valueOf(path(p, "port"))))
                .toList();
    }

    /** A workload's first container's variables: a value as is, one from a Secret as "secret name/key". */
    private static Map<String, String> environment(Map<String, Object> workload) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (Object env : listOrEmpty(container(podSpec(workload)).get("env"))) {
            Object secret = path(env, "valueFrom", "secretKeyRef");
            variables.put(
                    (String) path(env, "name"),
                    secret == null
                            ? String.valueOf(path(env, "value"))
                            : "secret " + path(secret, "name") + "/" + path(secret, "key"));
        }
        return variables;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noPodMountsAServiceAccountToken(String overlay) {
        for (Map<String, Object> workload : kind(render(overlay), WORKLOADS)) {
            assertThat(path(podSpec(workload), "automountServiceAccountToken"))
                    .as(name(workload))
                    .isEqualTo(false);
        }
    }

    /** The workloads a policy's rules in one direction name as peers ({@code egress}/{@code to}, {@code ingress}/{@code from}). */
    private static List<String> peers(Map<String, Object> policy, String direction, String peerKey) {
        return ((List<?>) path(policy, "spec", direction))
                .stream()
                        .flatMap(rule -> ((List<?>) path(rule, peerKey)).stream())
                        .map(peer -> selectedName(path(peer, "podSelector")))
                        .toList();
    }

    private static Map<String, Object> policyFor(List<Map<String, Object>> policies, String workload) {
        return policies.stream()
                .filter(policy -> workload.equals(selectedName(path(policy, "spec", "podSelector"))))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No NetworkPolicy for " + workload));
    }

    /** The {@code app.kubernetes.io/name} a pod selector picks, or null for one that picks by other labels or all. */
    private static String selectedName(Object podSelector) {
        Object labels = path(podSelector, "matchLabels");
        return labels == null ? null : stringMap(labels).get("app.kubernetes.io/name");
    }

    private static List<Map<String, Object>> kind(List<Map<String, Object>> objects, String... kinds) {
        return objects.stream()
                .filter(o -> List.of(kinds).contains(o.get("kind")))
                .toList();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceTrustsTheIssuerOfItsStack(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        String issuer = stringMap(path(find(objects, "ConfigMap", Project.ISSUER), "data"))
                .get("AUTH_ISSUER_URI");
        for (String service : Project.SERVICES) {
            assertThat(stringMap(path(find(objects, "ConfigMap", service), "data")))
                    .as(service)
                    .containsEntry("AUTH_ISSUER_URI", issuer)
                    .containsEntry("AUTH_JWK_SET_URI", "http://auth-server:8086/oauth2/jwks");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceSelectsThePodsOfAWorkload(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        List<Map<String, String>> podLabels = objects.stream()
                .filter(o -> Set.of("Deployment", "StatefulSet").contains(o.get("kind")))
                .map(o -> labelsOf(podTemplate(o)))
                .toList();
        for (Map<String, Object> service :
                objects.stream().filter(o -> "Service".equals(o.get("kind"))).toList()) {
            Map<String, String> selector = stringMap(path(service, "spec", "selector"));
            assertThat(podLabels)
                    .as("pods selected by Service " + name(service))
                    .anySatisfy(labels -> assertThat(labels).containsAllEntriesOf(selector));
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void containerPortsImagesAndEnvironmentMatchTheApplications(String overlay) {
        List<Map<String, Object>> objects = render(overlay);
        for (String service : Project.APPLICATIONS) {
            Map<String, Object> container = container(podSpec(deployment(overlay, service)));
            assertThat(((List<?>) path(container, "ports"))
                            .stream()
                                    .map(p -> path(p, "containerPort"))
                                    .toList()
                                    .toString())
                    .as(service + " port")
                    .isEqualTo(List.of(Project.port(service)).toString());
            assertThat((String) container.get("image")).as(service + " image").contains("/" + service + ":");

            List<String> variables = new ArrayList<>();
            for (Object env : listOrEmpty(container.get("env"))) {
                variables.add((String) ((Map<?, ?>) env).get("name"));
            }
            for (Object source : listOrEmpty(container.get("envFrom"))) {
                String configMap = (String) path(source, "configMapRef", "name");
                variables.addAll(stringMap(path(find(objects, "ConfigMap", configMap), "data"))
                        .keySet());
            }
            assertThat(Project.variablesRead(service))
                    .as("variables " + service + " reads")
                    .containsAll(variables);
        }
    }

    // --- helpers ---

    /** Null if valid, else what is wrong. */
    static String validate(Map<String, Object> object) {
        String model = MODELS.get((String) object.get("kind"));
        if (model == null) {
            return "no API model known for kind " + object.get("kind") + "; add it to MODELS";
        }
        JsonElement json = new Gson().toJsonTree(object);
        try {
            Method validate = Class.forName("io.kubernetes.client.openapi.models." + model)
                    .getMethod("validateJsonElement", JsonElement.class);
            validate.invoke(null, json);
            return null;
        } catch (InvocationTargetException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> deployment(String overlay, String service) {
        return find(render(overlay), "Deployment", service);
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(name(o)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + kind + " " + name));
    }

    private static String name(Map<String, Object> object) {
        return (String) path(object, "metadata", "name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podTemplate(Map<String, Object> workload) {
        return (Map<String, Object>) path(workload, "spec", "template");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec(Map<String, Object> workload) {
        return (Map<String, Object>) podTemplate(workload).get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> podSpec) {
        return (Map<String, Object>) ((List<?>) podSpec.get("containers")).get(0);
    }

    private static Map<String, String> labelsOf(Map<String, Object> template) {
        return stringMap(path(template, "metadata", "labels"));
    }

    private static Map<String, String> stringMap(Object map) {
        Map<String, String> result = new LinkedHashMap<>();
        ((Map<?, ?>) map).forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        return result;
    }

    private static List<?> listOrEmpty(Object list) {
        return list == null ? List.of() : (List<?>) list;
    }

    static Object path(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
