package dev.sagaref.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which local processes listen on given TCP ports, read from /proc (Linux): {@code /proc/net/tcp} and {@code tcp6}
 * list each listening socket with its inode, and a process's {@code /proc/PID/fd} links to {@code socket:[INODE]} for
 * the sockets it holds. Only processes this user may inspect are found.
 */
final class ListeningProcesses {

    /** The state column's value for a listening socket. */
    private static final String LISTEN = "0A";

    private ListeningProcesses() {}

    /** Port → pid of the process listening on it; ports nobody (visible) listens on are left out. */
    static Map<Integer, Long> byPort(Collection<Integer> ports) {
        Map<Long, Integer> portBySocket = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                portBySocket.putAll(listeningSockets(Files.readString(Path.of(table)), ports));
            } catch (IOException noSuchTable) {
                // no IPv6, or not Linux
            }
        }
        Map<Long, Long> parents = ProcessSampler.parents();
        Map<Integer, Set<Long>> holders = new HashMap<>();
        for (long pid : parents.keySet()) {
            for (long socket : socketsHeldBy(pid)) {
                Integer port = portBySocket.get(socket);
                if (port != null) {
                    holders.computeIfAbsent(port, p -> new HashSet<>()).add(pid);
                }
            }
        }
        // A forked child may inherit its parent's listening socket; the parent is the one to measure (with children).
        Map<Integer, Long> listeners = new HashMap<>();
        holders.forEach((port, pids) -> pids.stream()
                .filter(pid -> !pids.contains(parents.get(pid)))
                .findFirst()
                .ifPresent(pid -> listeners.put(port, pid)));
        return listeners;
    }

    /**
     * Socket inode → local port of each listening socket on one of {@code ports}, from the text of
     * {@code /proc/net/tcp} or {@code tcp6}: a header line, then one line per socket whose second column is the local
     * address as {@code HEXADDRESS:HEXPORT}, fourth the state and tenth the inode.
     */
    static Map<Long, Integer> listeningSockets(String procNetTcp, Collection<Integer> ports) {
        Map<Long, Integer> sockets = new HashMap<>();
        procNetTcp.lines().skip(1).map(line -> line.trim().split("\\s+")).forEach(columns -> {
            String localAddress = columns[1];
            int port = Integer.parseInt(localAddress.substring(localAddress.lastIndexOf(':') + 1), 16);
            if (columns[3].equals(LISTEN) && ports.contains(port)) {
                sockets.put(Long.parseLong(columns[9]), port);
            }
        });
        return sockets;
    }

    private static List<Long> socketsHeldBy(long pid) {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return descriptors
                    .map(ListeningProcesses::linkTarget)
                    .filter(target -> target.startsWith("socket:["))
                    .map(target -> Long.parseLong(target.substring("socket:[".length(), target.length() - 1)))
                    .toList();
        } catch (IOException | RuntimeException notOurs) {
            // another user's process, or one that has just ended
            return List.of();
        }
    }

    private static String linkTarget(Path descriptor) {
        try {
            return Files.readSymbolicLink(descriptor).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }
}
