package dev.sagaref.console.web;

import dev.sagaref.console.messages.KafkaMessage;
import dev.sagaref.console.messages.LiveMessages;
import dev.sagaref.console.messages.MessageLog;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The message tail (every topic or chosen ones, by key, dead letters with their reason) and the live stream. */
@Controller
class MessagePages {

    private final MessageLog messages;
    private final LiveMessages live;

    MessagePages(MessageLog messages, LiveMessages live) {
        this.messages = messages;
        this.live = live;
    }

    @GetMapping("/messages")
    String tail(
            @RequestParam(required = false) List<String> topic,
            @RequestParam(required = false) String key,
            @RequestParam(defaultValue = "false") boolean deadLetters,
            @RequestParam(defaultValue = "200") @Min(1) @Max(5000) int limit,
            Model model) {
        Set<String> chosen = topic == null ? Set.of() : new TreeSet<>(topic);
        Predicate<KafkaMessage> shown = message -> (chosen.isEmpty() || chosen.contains(message.topic()))
                && (key == null || key.isBlank() || key.strip().equals(message.key()))
                && (!deadLetters || message.isDeadLetter());
        model.addAttribute("messages", messages.newest(limit, shown));
        model.addAttribute("topics", messages.topics());
        model.addAttribute("chosenTopics", chosen);
        model.addAttribute("key", key == null ? "" : key.strip());
        model.addAttribute("deadLetters", deadLetters);
        model.addAttribute("kept", messages.size());
        return "messages";
    }

    /** Every message from now on, as server-sent events; the pages reconnect after the timeout. */
    @GetMapping(path = "/live", produces = "text/event-stream")
    SseEmitter live() {
        return live.open(Duration.ofMinutes(10));
    }
}
