package dev.sagaref.messaging.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the outbox, the relay and the inbox, under {@code messaging.*}. Defaults suit production. */
@ConfigurationProperties("messaging")
public class MessagingProperties {

    private final Outbox outbox = new Outbox();
    private final Relay relay = new Relay();
    private final Inbox inbox = new Inbox();
    private final Consumer consumer = new Consumer();

    public Outbox getOutbox() {
        return outbox;
    }

    public Relay getRelay() {
        return relay;
    }

    public Inbox getInbox() {
        return inbox;
    }

    public Consumer getConsumer() {
        return consumer;
    }

    public static class Outbox {
        /** How long relayed rows stay in the outbox table for inspection (Debezium relay only). */
        private Duration retention = Duration.ofMinutes(15);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    public enum RelayMode {
        /** Debezium Embedded tails the outbox through logical replication. Lowest latency, no polling load. */
        DEBEZIUM,
        /** Polls the table with SELECT ... FOR UPDATE SKIP LOCKED, for databases without logical replication. */
        POLLING
    }

    public static class Relay {
        /** Whether this instance takes part in relaying at all. */
        private boolean enabled = true;

        private RelayMode mode = RelayMode.DEBEZIUM;
        /** How often a standby tries to become the active relay, and how often the active one checks its lock. */
        private Duration leaderCheckInterval = Duration.ofSeconds(1);
        /** Pause before restarting a relay that died on an error. */
        private Duration restartBackoff = Duration.ofSeconds(2);
        /** How long to wait for Kafka to acknowledge a batch before giving up and resending it. */
        private Duration sendTimeout = Duration.ofSeconds(30);

        private final Debezium debezium = new Debezium();
        private final Polling polling = new Polling();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public RelayMode getMode() {
            return mode;
        }

        public void setMode(RelayMode mode) {
            this.mode = mode;
        }

        public Duration getLeaderCheckInterval() {
            return leaderCheckInterval;
        }

        public void setLeaderCheckInterval(Duration leaderCheckInterval) {
            this.leaderCheckInterval = leaderCheckInterval;
        }

        public Duration getRestartBackoff() {
            return restartBackoff;
        }

        public void setRestartBackoff(Duration restartBackoff) {
            this.restartBackoff = restartBackoff;
        }

        public Duration getSendTimeout() {
            return sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public Debezium getDebezium() {
            return debezium;
        }

        public Polling getPolling() {
            return polling;
        }
    }

    public static class Debezium {
        /** Replication slot; slots are cluster-wide, so the default derives from the database name. */
        private String slotName;
        /** Publication of the outbox table (per database). */
        private String publicationName = "outbox_publication";
        /**
         * Debezium's own poll interval: how long its queue waits, and how long its streaming thread sleeps on an empty
         * replication stream until the relay has replaced that sleep with {@code stream-wait}.
         */
        private Duration pollInterval = Duration.ofMillis(10);
        /**
         * How long the streaming thread waits on an empty replication stream for the server to send something, before
         * Debezium's chores (heartbeats, status updates, checking for a stop). A change ends the wait at once, so this
         * adds no latency; it bounds how late a relay stops, and how often an idle one wakes.
         */
        private Duration streamWait = Duration.ofMillis(500);

        private Duration heartbeatInterval = Duration.ofSeconds(10);
        /**
         * How often acknowledged positions are saved. Saving after every batch costs one transaction per batch, which at
         * low load holds one or two messages; a crash resends about this much, and the inbox drops the duplicates.
         */
        private Duration offsetFlushInterval = Duration.ofSeconds(1);
        /**
         * Records handed over to Kafka at once, at most. Each change is handed over as soon as Debezium has it, with
         * whatever else is queued by then ({@code HandOverPostgresConnectorTask}), so batches fill only under load.
         */
        private int maxBatchSize = 100;
        /** Records sent to Kafka but not yet acknowledged, at most; beyond it the relay waits for the oldest. */
        private int maxInFlight = 1_000;
        /** Any further Debezium engine or connector property, passed through unchanged. */
        private Map<String, String> engine = new LinkedHashMap<>();
        /**
         * The role Debezium reads the replication stream as, and creates the slot with: it needs LOGIN, REPLICATION and
         * CONNECT on the database, and nothing of the business tables (docs/security.md). Empty: the data source's.
         */
        private String username;

        private String password;

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username == null || username.isBlank() ? null : username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getSlotName() {
            return slotName;
        }

        public void setSlotName(String slotName) {
            this.slotName = slotName;
        }

        public String getPublicationName() {
            return publicationName;
        }

        public void setPublicationName(String publicationName) {
            this.publicationName = publicationName;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public Duration getStreamWait() {
            return streamWait;
        }

        public void setStreamWait(Duration streamWait) {
            this.streamWait = streamWait;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getOffsetFlushInterval() {
            return offsetFlushInterval;
        }

        public void setOffsetFlushInterval(Duration offsetFlushInterval) {
            this.offsetFlushInterval = offsetFlushInterval;
        }

        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        public void setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public Map<String, String> getEngine() {
            return engine;
        }

        public void setEngine(Map<String, String> engine) {
            this.engine = engine;
        }
    }

    public static class Polling {
        /**
         * Shortest pause between polls that found less than a full batch. Commits in this process wake the relay at
         * once; rows written by other instances wait for a poll.
         */
        private Duration interval = Duration.ofMillis(20);
        /** Longest pause between polls: the wait doubles from {@code interval} up to this while nothing comes. */
        private Duration maxIdleInterval = Duration.ofMillis(500);

        private int batchSize = 500;

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getMaxIdleInterval() {
            return maxIdleInterval;
        }

        public void setMaxIdleInterval(Duration maxIdleInterval) {
            this.maxIdleInterval = maxIdleInterval;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    public static class Inbox {
        /** How long processed message ids are remembered. */
        private Duration retention = Duration.ofDays(7);

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    public static class Consumer {
        /** Deliveries of a failing message, the first included, before it goes to the dead-letter topic. */
        private int maxAttempts = 5;

        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(5);
        /** Consumer threads per listener; more than a topic's partition count would sit idle. */
        private int concurrency = 3;
        /**
         * Records a listener gets from one poll, at most, and handles in one transaction. Larger batches save more
         * commits under load, but hold their locks longer and delay the first message's effects until the last one
         * is handled.
         */
        private int maxBatchSize = 10;
        /**
         * How often a listener commits the offsets of what it has handled; zero commits after every poll. Below
         * saturation a poll holds one record, so committing after each costs every message an offset commit (a round
         * trip the listener waits for and a write to {@code __consumer_offsets}). After a crash, up to this long of
         * handled messages are delivered again, and the inbox drops them.
         */
        private Duration commitInterval = Duration.ofSeconds(1);

        public Duration getCommitInterval() {
            return commitInterval;
        }

        public void setCommitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
        }

        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        public void setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
        }

        public int getConcurrency() {
            return concurrency;
        }

        public void setConcurrency(int concurrency) {
            this.concurrency = concurrency;
        }

        /** Appended to a topic's name to name its dead-letter topic. */
        private String deadLetterSuffix = ".DLT";

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }

        public String getDeadLetterSuffix() {
            return deadLetterSuffix;
        }

        public void setDeadLetterSuffix(String deadLetterSuffix) {
            this.deadLetterSuffix = deadLetterSuffix;
        }
    }
}
