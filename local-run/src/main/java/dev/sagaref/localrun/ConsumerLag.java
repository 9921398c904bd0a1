package dev.sagaref.localrun;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How many messages the system's consumer groups have not processed yet, read from the broker. */
public final class ConsumerLag {

    private ConsumerLag() {}

    /** Summed over every partition of every group whose id {@code countedGroups} accepts. */
    public static long total(String bootstrapServers, Predicate<String> countedGroups) throws Exception {
        return sum(byGroupAndTopic(bootstrapServers, countedGroups));
    }

    /** The total of a {@link #byGroupAndTopic(Admin, Predicate)} reading. */
    public static long sum(Map<String, Long> byGroupAndTopic) {
        return byGroupAndTopic.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Per group and topic it reads, as "{@code group on topic}" (summed over the topic's partitions), for every group
     * whose id {@code countedGroups} accepts: which listener a backlog waits for.
     */
    public static Map<String, Long> byGroupAndTopic(String bootstrapServers, Predicate<String> countedGroups)
            throws Exception {
        try (Admin admin = openAdmin(bootstrapServers)) {
            return byGroupAndTopic(admin, countedGroups);
        }
    }

    /**
     * A client for repeated readings, which the caller closes: opening one per reading costs a connection and the
     * cluster's metadata each time.
     */
    public static Admin openAdmin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** {@link #byGroupAndTopic(String, Predicate)} through a client the caller keeps open. */
    public static Map<String, Long> byGroupAndTopic(Admin admin, Predicate<String> countedGroups) throws Exception {
        Map<String, Long> lag = new TreeMap<>();
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
            if (!countedGroups.test(group.groupId())) {
                continue;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            for (var entry : committed.entrySet()) {
                long behind = Math.max(
                        0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
                lag.merge(group.groupId() + " on " + entry.getKey().topic(), behind, Long::sum);
            }
        }
        return lag;
    }
}
