package dev.sagaref.console.messages;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes every message the console receives to the open live pages (server-sent events): the message tail shows it,
 * the saga pages fetch the saga it belongs to. Sent from a thread of its own, so a slow browser never holds up the Kafka reader;
 * if browsers fall far behind, the oldest unsent summaries are dropped, and the pages catch up on their next fetch.
 */
@Component
public class LiveMessages implements SmartLifecycle {

    private static final int BACKLOG = 10_000;

    private final List<SseEmitter> pages = new CopyOnWriteArrayList<>();
    private final BlockingQueue<KafkaMessage> unsent = new ArrayBlockingQueue<>(BACKLOG);
    private volatile Thread sender;

    LiveMessages(MessageLog messages) {
        messages.subscribe(message -> {
            while (!unsent.offer(message)) {
                unsent.poll();
            }
        });
    }

    /** A stream for one page; it stays open until the page goes or {@code timeout} passes (the page reconnects). */
    public SseEmitter open(Duration timeout) {
        SseEmitter page = new SseEmitter(timeout.toMillis());
        page.onCompletion(() -> pages.remove(page));
        page.onTimeout(page::complete);
        page.onError(error -> pages.remove(page));
        try {
            // Sent at once, so the browser sees the stream open before the first message arrives.
            page.send(SseEmitter.event().comment("live"));
        } catch (IOException e) {
            page.completeWithError(e);
            return page;
        }
        pages.add(page);
        return page;
    }

    private void send() {
        while (sender != null) {
            KafkaMessage message;
            try {
                message = unsent.take();
            } catch (InterruptedException stopped) {
                return;
            }
            for (SseEmitter page : pages) {
                try {
                    page.send(SseEmitter.event()
                            .name("message")
                            .id(Long.toString(message.sequence()))
                            .data(message, MediaType.APPLICATION_JSON));
                } catch (IOException | IllegalStateException gone) {
                    pages.remove(page);
                }
            }
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::send, "live-messages");
        thread.setDaemon(true);
        sender = thread;
        thread.start();
    }

    @Override
    public void stop() {
        Thread thread = sender;
        sender = null;
        if (thread != null) {
            thread.interrupt();
        }
        pages.forEach(SseEmitter::complete);
    }

    @Override
    public boolean isRunning() {
        return sender != null;
    }
}
