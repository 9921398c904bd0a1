package dev.sagaref.chaos;

import dev.sagaref.localrun.LocalStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The faults a chaos run injects, and the two schedules that order them. */
final class Faults {

    /** Does something to the running stack; returns what the timeline should say about it, or null. */
    @FunctionalInterface
    interface Action {
        String run();
    }

    /** A fault: injected, held for a while as traffic goes on, then healed (a killed process is started again). */
    record Fault(String name, Action inject, Duration hold, Action heal) {}

    private static final String SECOND = LocalStack.SECOND_INSTANCE;

    private final LocalStack stack;
    private final LocalStack.Settings settings;
    private final Databases databases;
    private final Duration stepTimeout;
    private final boolean partitions;

    /** @param partitions whether network partitions can be made here ({@link NetworkPartition#unavailableReason}) */
    Faults(
            LocalStack stack,
            LocalStack.Settings settings,
            Databases databases,
            Duration stepTimeout,
            boolean partitions) {
        this.stack = stack;
        this.settings = settings;
        this.databases = databases;
        this.stepTimeout = stepTimeout;
        this.partitions = partitions;
    }

    /** Everything the chaos suite knows how to do, one after another, then some at once. */
    List<Fault> full() {
        List<Fault> faults = new ArrayList<>();
        for (LocalStack.Service service : LocalStack.SERVICES) {
            String instance = service.module().equals("order-service") ? service.module() : service.module() + SECOND;
            faults.add(killed(instance));
        }
        faults.add(activeRelayKilled("payment-service"));
        faults.add(activeRelayKilled("saga-orchestrator"));
        faults.add(orchestratorPausedPastADeadline());
        faults.add(brokerPaused(Duration.ofSeconds(15)));
        faults.add(brokerKilled());
        faults.add(postgresCrashed());
        faults.add(slotKeptAway("shipping-service", Duration.ofSeconds(30)));
        faults.addAll(network());
        faults.add(together(
                "inventory-service killed, then the Kafka broker paused",
                killed("inventory-service"),
                brokerPaused(Duration.ofSeconds(10))));
        faults.add(together(
                "an orchestrator instance killed, then PostgreSQL crashed",
                killed("saga-orchestrator" + SECOND),
                postgresCrashed()));
        faults.add(together(
                "the active relay of shipping-service killed, then the Kafka broker killed",
                activeRelayKilled("shipping-service"),
                brokerKilled()));
        return faults;
    }

    /**
     * Partitions: the instance that relays payment-service's outbox cut off from PostgreSQL, the one that relays
     * order-service's cut off from Kafka, and an inventory-service instance cut off from Kafka. None where partitions
     * cannot be made here.
     */
    List<Fault> network() {
        if (!partitions) {
            return List.of();
        }
        return List.of(
                activeRelayPartitioned("payment-service", "PostgreSQL", settings.postgresPort("payment-service")),
                activeRelayPartitioned("order-service", "Kafka", settings.kafkaPort()),
                partitioned("inventory-service" + SECOND, "Kafka", settings.kafkaPort()));
    }

    /** The CI version: one of each kind that matters most, a few minutes in all. */
    List<Fault> ciSchedule() {
        List<Fault> faults = new ArrayList<>(List.of(
                killed("payment-service" + SECOND),
                activeRelayKilled("order-service"),
                brokerPaused(Duration.ofSeconds(10)),
                postgresCrashed(),
                killed("saga-orchestrator")));
        if (partitions) {
            faults.add(
                    activeRelayPartitioned("payment-service", "PostgreSQL", settings.postgresPort("payment-service")));
        }
        return faults;
    }

    /** One instance's packets to a port dropped for 30 s, as when a network link between them fails. */
    Fault partitioned(String instance, String what, int port) {
        return partitioned(instance + " cut off from " + what, () -> instance, port);
    }

    /** The instance that relays the service's outbox when the fault starts, cut off. */
    Fault activeRelayPartitioned(String module, String what, int port) {
        return partitioned(
                "active relay of " + module + " cut off from " + what,
                () -> instanceWithPid(databases.activeRelayPid(module)),
                port);
    }

    private Fault partitioned(String name, java.util.function.Supplier<String> instance, int port) {
        NetworkPartition[] cut = new NetworkPartition[1];
        return new Fault(
                name,
                () -> {
                    String victim = instance.get();
                    cut[0] = NetworkPartition.cut(victim, port);
                    return "iptables drops what " + victim + " sends to port " + port;
                },
                Duration.ofSeconds(30),
                () -> {
                    cut[0].heal();
                    return null;
                });
    }

    Fault killed(String instance) {
        return new Fault(
                instance + " killed (SIGKILL)",
                () -> {
                    stack.kill(instance);
                    return null;
                },
                Duration.ofSeconds(10),
                () -> restarted(instance));
    }

    /** Kills whichever instance relays the service's outbox now; the other instance must take over. */
    Fault activeRelayKilled(String module) {
        String[] killed = new String[1];
        return new Fault(
                "active relay of " + module + " killed",
                () -> {
                    long pid = databases.activeRelayPid(module);
                    killed[0] = instanceWithPid(pid);
                    stack.kill(killed[0]);
                    return "killed " + killed[0];
                },
                Duration.ofSeconds(10),
                () -> {
                    String now = instanceWithPid(databases.activeRelayPid(module));
                    restarted(killed[0]);
                    return "relay taken over by " + now + "; " + killed[0] + " restarted";
                });
    }

    /** Both orchestrators stall (SIGSTOP) longer than a step may take: due deadlines fire when they come back. */
    Fault orchestratorPausedPastADeadline() {
        List<String> orchestrators = instancesOf("saga-orchestrator");
        return new Fault(
                "every orchestrator instance paused past a step deadline",
                () -> {
                    orchestrators.forEach(stack::pause);
                    return null;
                },
                stepTimeout.plusSeconds(5),
                () -> {
                    orchestrators.forEach(stack::resume);
                    return null;
                });
    }

    Fault brokerPaused(Duration hold) {
        return new Fault(
                "Kafka broker paused (SIGSTOP)",
                () -> {
                    stack.pauseBroker();
                    return null;
                },
                hold,
                () -> {
                    stack.resumeBroker();
                    return null;
                });
    }

    Fault brokerKilled() {
        return new Fault(
                "Kafka broker killed (SIGKILL) and restarted",
                () -> {
                    stack.killBroker();
                    return null;
                },
                Duration.ofSeconds(5),
                () -> {
                    stack.restartBroker();
                    return null;
                });
    }

    /** Down for the fault's hold, then started again: it recovers from its WAL, and every client must reconnect. */
    Fault postgresCrashed() {
        return new Fault(
                "PostgreSQL crashed (every cluster, pg_ctl -m immediate) and restarted",
                () -> {
                    stack.crashPostgres();
                    return null;
                },
                Duration.ofSeconds(5),
                () -> {
                    stack.restartPostgres();
                    return "recovered from its WAL";
                });
    }

    /**
     * Every instance of a service stalls, so its replication slot is read by nobody while WAL is written into its
     * database (each service has a PostgreSQL of its own, so the others' writes do not reach it); released, the relay
     * must catch up and the slot return to the WAL head.
     */
    Fault slotKeptAway(String module, Duration hold) {
        List<String> instances = instancesOf(module);
        return new Fault(
                "replication slot of " + module + " kept away (every instance paused, WAL written meanwhile)",
                () -> {
                    instances.forEach(stack::pause);
                    databases.writeWal(module);
                    return null;
                },
                hold,
                () -> {
                    String lag = databases.slotLag().stream()
                            .map(row -> row.get(0) + " " + Long.parseLong(row.get(1)) / 1024 + " kB")
                            .collect(Collectors.joining(", "));
                    instances.forEach(stack::resume);
                    return "slot lag at release: " + lag;
                });
    }

    /**
     * A second failure before the first is repaired: the second fault is injected right after the first, both last
     * for the longer hold, and the last broken is the first repaired (a killed instance restarts once the broker or
     * the database it needs is back).
     */
    Fault together(String name, Fault first, Fault second) {
        return new Fault(
                name,
                () -> said(first.inject().run(), second.inject().run()),
                first.hold().compareTo(second.hold()) >= 0 ? first.hold() : second.hold(),
                () -> said(second.heal().run(), first.heal().run()));
    }

    /** What two actions reported, for the timeline; null when neither said anything. */
    private static String said(String first, String second) {
        String joined = Stream.of(first, second).filter(Objects::nonNull).collect(Collectors.joining("; "));
        return joined.isEmpty() ? null : joined;
    }

    private String restarted(String instance) {
        long started = System.nanoTime();
        stack.restart(instance);
        return instance + " restarted, ready after " + (System.nanoTime() - started) / 1_000_000_000 + " s";
    }

    private List<String> instancesOf(String module) {
        return stack.instances().stream()
                .filter(name -> name.equals(module) || name.equals(module + SECOND))
                .toList();
    }

    private String instanceWithPid(long pid) {
        Map<String, Long> pids = stack.processIds();
        return pids.entrySet().stream()
                .filter(entry -> entry.getValue() == pid && stack.instances().contains(entry.getKey()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no service instance has process id " + pid));
    }
}
