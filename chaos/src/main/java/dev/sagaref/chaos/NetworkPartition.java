package dev.sagaref.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Cuts one service instance off from a port on this machine (Kafka's or PostgreSQL's) and heals the cut, while every
 * other process keeps talking. All processes here share the loopback interface, so the cut is a firewall rule that
 * matches the instance's cgroup: each instance the chaos run may partition starts in a cgroup v2 group of its own
 * ({@link #launchPrefix}), and {@code iptables -m cgroup --path} drops what its sockets send to the port. Sockets
 * belong to the cgroup they were made in, hence the group from birth rather than moving the process later. Needs
 * root, a writable cgroup v2 hierarchy and iptables with the cgroup match; {@link #unavailableReason} says which is
 * missing.
 */
final class NetworkPartition {

    private static final String GROUP_PREFIX = "sagaref-chaos-";

    private final String group;
    private final int port;

    private NetworkPartition(String group, int port) {
        this.group = group;
        this.port = port;
    }

    /** Null when partitions can be made here, otherwise why not. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "network partitions need root (a firewall rule and a cgroup per instance)";
        }
        Optional<Path> root = cgroup2Root();
        if (root.isEmpty() || !Files.isWritable(root.get())) {
            return "network partitions need a writable cgroup v2 hierarchy; none is mounted here";
        }
        String probe = GROUP_PREFIX + "probe";
        try {
            Files.createDirectories(root.get().resolve(probe));
            List<String> rule = rule("-A", probe, 9);
            if (run(rule) != 0) {
                return "iptables cannot match on cgroups here (`iptables -m cgroup --path` failed)";
            }
            run(rule("-D", probe, 9));
            return null;
        } catch (IOException e) {
            return "network partitions need iptables: " + e.getMessage();
        } finally {
            root.get().resolve(probe).toFile().delete();
        }
    }

    /** {@code sh} moving itself into the instance's group, then {@code exec}ing the JVM: same process id. */
    static List<String> launchPrefix(String instance) {
        Path group = cgroup2Root().orElseThrow().resolve(groupOf(instance));
        try {
            Files.createDirectories(group);
        } catch (IOException e) {
            throw new IllegalStateException("cannot make cgroup " + group, e);
        }
        return List.of("sh", "-c", "echo $$ > '" + group.resolve("cgroup.procs") + "' && exec \"$@\"", "sh");
    }

    /** Drops everything the instance sends to the port from now on: its connections there go silent. */
    static NetworkPartition cut(String instance, int port) {
        NetworkPartition partition = new NetworkPartition(groupOf(instance), port);
        if (run(rule("-I", partition.group, port)) != 0) {
            throw new IllegalStateException("iptables refused the rule for " + instance);
        }
        return partition;
    }

    void heal() {
        run(rule("-D", group, port));
    }

    /**
     * Deletes every rule a chaos run added and is still there (a run that was interrupted mid-fault leaves one), and
     * the cgroups its instances ran in, now empty.
     */
    static void cleanUp() {
        try {
            Process list = new ProcessBuilder("iptables", "-S", "OUTPUT").start();
            String rules = new String(list.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            list.waitFor(30, TimeUnit.SECONDS);
            rules.lines()
                    .filter(rule -> rule.startsWith("-A OUTPUT") && rule.contains(GROUP_PREFIX))
                    .forEach(rule -> {
                        List<String> delete = new ArrayList<>(List.of("iptables", "-D"));
                        delete.addAll(List.of(rule.substring("-A ".length()).split(" ")));
                        run(delete);
                    });
        } catch (IOException e) {
            // no iptables: nothing was added
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cgroup2Root().ifPresent(root -> {
            java.io.File[] groups = root.toFile().listFiles((dir, name) -> name.startsWith(GROUP_PREFIX));
            for (java.io.File group : groups == null ? new java.io.File[0] : groups) {
                group.delete(); // only succeeds once empty, which it is after the stack stopped
            }
        });
    }

    private static String groupOf(String instance) {
        return GROUP_PREFIX + instance.replace("#", "-");
    }

    private static List<String> rule(String action, String group, int port) {
        return new ArrayList<>(List.of(
                "iptables",
                action,
                "OUTPUT",
                "-p",
                "tcp",
                "-m",
                "cgroup",
                "--path",
                group,
                "--dport",
                Integer.toString(port),
                "-j",
                "DROP"));
    }

    private static Optional<Path> cgroup2Root() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                    .map(line -> line.split(" "))
                    .filter(fields -> fields.length > 2 && fields[2].equals("cgroup2"))
                    .map(fields -> Path.of(fields[1]))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
