package dev.sagaref.console.messages;

import dev.sagaref.console.ConsoleSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The newest messages of every topic, in memory, by arrival and by key (every message of a saga is keyed by its order
 * id). Bounded: past its capacity the oldest go first. Kafka keeps the full history; after a restart the console
 * reads the newest part of it again.
 */
@Component
public class MessageLog {

    private final int capacity;
    private final Deque<KafkaMessage> newestLast = new ArrayDeque<>();
    private final Map<String, Deque<KafkaMessage>> byKey = new HashMap<>();
    private final Set<String> topics = new TreeSet<>();
    private final List<Consumer<KafkaMessage>> subscribers = new CopyOnWriteArrayList<>();
    private long received;

    @Autowired
    public MessageLog(ConsoleSettings settings) {
        this(settings.messageLogCapacity());
    }

    MessageLog(int capacity) {
        this.capacity = capacity;
    }

    public int capacity() {
        return capacity;
    }

    /** Called for every message added from now on, on the thread that adds it; keep it short. */
    public void subscribe(Consumer<KafkaMessage> subscriber) {
        subscribers.add(subscriber);
    }

    /** Numbers the message in arrival order, keeps it, and tells the subscribers. */
    public KafkaMessage add(KafkaMessage unnumbered) {
        KafkaMessage message;
        synchronized (this) {
            message = new KafkaMessage(
                    ++received,
                    unnumbered.topic(),
                    unnumbered.partition(),
                    unnumbered.offset(),
                    unnumbered.key(),
                    unnumbered.timestamp(),
                    unnumbered.headers(),
                    unnumbered.payload());
            newestLast.addLast(message);
            topics.add(message.topic());
            if (message.key() != null) {
                byKey.computeIfAbsent(message.key(), key -> new ArrayDeque<>()).addLast(message);
            }
            if (newestLast.size() > capacity) {
                forget(newestLast.removeFirst());
            }
        }
        subscribers.forEach(subscriber -> subscriber.accept(message));
        return message;
    }

    /**
     * Every kept message with this key, in the order Kafka stamped them (their record timestamps), and in the order
     * they arrived where two share a stamp. The feed reads every topic at once, in batches, so a saga's messages from
     * different topics need not arrive in the order they were written.
     */
    public synchronized List<KafkaMessage> withKey(String key) {
        Deque<KafkaMessage> messages = byKey.get(key);
        if (messages == null) {
            return List.of();
        }
        List<KafkaMessage> byTime = new ArrayList<>(messages);
        byTime.sort(Comparator.comparing(KafkaMessage::timestamp)); // stable: equal stamps keep arrival order
        return List.copyOf(byTime);
    }

    /** The newest {@code limit} messages that pass {@code filter}, oldest of them first. */
    public synchronized List<KafkaMessage> newest(int limit, Predicate<KafkaMessage> filter) {
        List<KafkaMessage> found = new ArrayList<>();
        var newestFirst = newestLast.descendingIterator();
        while (newestFirst.hasNext() && found.size() < limit) {
            KafkaMessage message = newestFirst.next();
            if (filter.test(message)) {
                found.add(message);
            }
        }
        Collections.reverse(found);
        return found;
    }

    /** Every topic a message was read from, in name order. */
    public synchronized SortedSet<String> topics() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(topics));
    }

    public synchronized int size() {
        return newestLast.size();
    }

    private void forget(KafkaMessage oldest) {
        if (oldest.key() == null) {
            return;
        }
        Deque<KafkaMessage> sameKey = byKey.get(oldest.key());
        // The oldest message of all is also the oldest of its key.
        sameKey.pollFirst();
        if (sameKey.isEmpty()) {
            byKey.remove(oldest.key());
        }
    }
}
