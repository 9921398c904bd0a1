package dev.sagaref.chaos;

import dev.sagaref.chaos.InboxAgreement.Evidence;
import dev.sagaref.chaos.InboxAgreement.Rule;
import dev.sagaref.chaos.PublishedMessages.Published;
import dev.sagaref.chaos.Traffic.Placement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;

/**
 * What must hold after any mix of faults, checked over the final state of every database. Each check names what it
 * found wrong, up to a few examples, so a failed run says where to look.
 */
final class Invariants {

    /** One invariant and its result; {@code detail} says what was compared, or what broke it. */
    record Check(String name, boolean passed, String detail) {}

    /** How far behind the WAL head a slot may be once everything is quiet: a few heartbeats' worth. */
    static final long SLOT_LAG_LIMIT_BYTES = 16L * 1024 * 1024;

    private final Databases databases;
    private final Catalog catalog;
    private final Supplier<Map<UUID, Published>> publishedMessages;

    /** @param publishedMessages every message on Kafka by id, read once the run is quiet */
    Invariants(Databases databases, Catalog catalog, Supplier<Map<UUID, Published>> publishedMessages) {
        this.databases = databases;
        this.catalog = catalog;
        this.publishedMessages = publishedMessages;
    }

    /** The orders as order-service has them now: id to status, customer, total. */
    record OrderRow(UUID id, String status, String customer, long total) {}

    Map<UUID, OrderRow> orders(Set<UUID> ids) {
        Map<UUID, OrderRow> orders = new HashMap<>();
        for (List<String> row : databases.rows(
                "order-service",
                "SELECT id, status, customer_id, total FROM orders WHERE customer_id LIKE 'chaos-%'")) {
            UUID id = UUID.fromString(row.get(0));
            if (ids.contains(id)) {
                orders.put(id, new OrderRow(id, row.get(1), row.get(2), Long.parseLong(row.get(3))));
            }
        }
        return orders;
    }

    List<Check> check(List<Placement> history, boolean debezium) {
        Set<UUID> accepted = Traffic.acceptedOrderIds(history);
        Map<UUID, OrderRow> orders = orders(accepted);
        Set<UUID> approved = orders.values().stream()
                .filter(o -> o.status().equals("APPROVED"))
                .map(OrderRow::id)
                .collect(Collectors.toSet());
        List<Check> checks = new ArrayList<>();
        checks.add(everyPlacementAccepted(history));
        checks.add(everyAcceptedOrderEnded(accepted, orders));
        checks.add(noOrderCreatedTwice(accepted));
        checks.add(moneyMatchesApprovedOrders(orders));
        checks.add(paymentsMatchOrders(orders));
        checks.add(stockMatchesApprovedOrders(approved));
        checks.add(reservationsMatchOrders(orders));
        checks.add(shipmentsMatchOrders(orders));
        checks.add(sagasMatchOrders(orders));
        Map<Rule, List<String>> inboxes = new LinkedHashMap<>();
        InboxAgreement.RULES.forEach(rule -> inboxes.put(rule, messageIdsInTheInbox(rule.module())));
        // Read after the inboxes: a message an inbox holds was on Kafka before the inbox was read, even a late repeat.
        try {
            Map<UUID, Published> published = publishedMessages.get();
            inboxes.forEach((rule, inbox) -> checks.add(inboxAgreesWithRows(rule, inbox, orders, published)));
        } catch (KafkaException | IllegalStateException unreadable) {
            // The other checks still count: the run reports one failed check instead of stopping without a report.
            checks.add(new Check(
                    "Kafka's copy of every message read, to join the inboxes to their orders",
                    false,
                    unreadable.toString()));
        }
        if (debezium) {
            checks.add(slotsNearTheWalHead());
        }
        return checks;
    }

    private static Check everyPlacementAccepted(List<Placement> history) {
        List<String> givenUp = history.stream()
                .filter(p -> !p.wasAccepted())
                .map(p -> "order " + p.index() + " after " + p.requests() + " requests: " + p.lastFailure())
                .toList();
        long retried = history.stream().filter(p -> p.requests() > 1).count();
        return new Check(
                "every order placed was accepted (retried with its Idempotency-Key)",
                givenUp.isEmpty(),
                givenUp.isEmpty()
                        ? history.size() + " placed, " + retried + " needed more than one request"
                        : givenUp.size() + " given up: " + examples(givenUp));
    }

    private static Check everyAcceptedOrderEnded(Set<UUID> accepted, Map<UUID, OrderRow> orders) {
        List<String> open = accepted.stream()
                .filter(id -> !orders.containsKey(id) || orders.get(id).status().equals("PENDING"))
                .map(id -> id + " " + (orders.containsKey(id) ? "PENDING" : "missing"))
                .toList();
        Map<String, Long> byStatus =
                orders.values().stream().collect(Collectors.groupingBy(OrderRow::status, Collectors.counting()));
        return new Check(
                "every accepted order reached APPROVED or REJECTED",
                open.isEmpty(),
                open.isEmpty() ? accepted.size() + " orders: " + byStatus : open.size() + " open: " + examples(open));
    }

    /** A retried placement must find its first order by its Idempotency-Key, not make a second one. */
    private Check noOrderCreatedTwice(Set<UUID> accepted) {
        long stored = Long.parseLong(databases
                .rows("order-service", "SELECT count(*) FROM orders WHERE customer_id LIKE 'chaos-%'")
                .get(0)
                .get(0));
        return new Check(
                "no order created twice: as many orders stored as placements accepted",
                stored == accepted.size(),
                stored + " orders stored, " + accepted.size() + " placements accepted");
    }

    private Check moneyMatchesApprovedOrders(Map<UUID, OrderRow> orders) {
        Map<String, Long> spent = new HashMap<>();
        orders.values().stream()
                .filter(o -> o.status().equals("APPROVED"))
                .forEach(o -> spent.merge(o.customer(), o.total(), Long::sum));
        Map<String, Long> balances =
                keyed(databases.rows("payment-service", "SELECT customer_id, balance FROM accounts"), Long::parseLong);
        List<String> wrong = new ArrayList<>();
        catalog.balances().forEach((customer, initial) -> {
            long expected = initial - spent.getOrDefault(customer, 0L);
            if (!Objects.equals(balances.get(customer), expected)) {
                wrong.add(customer + " has " + balances.get(customer) + ", expected " + expected);
            }
        });
        return new Check(
                "each account's balance is its initial balance minus exactly its approved orders",
                wrong.isEmpty(),
                wrong.isEmpty() ? catalog.balances().size() + " accounts match" : examples(wrong));
    }

    private Check paymentsMatchOrders(Map<UUID, OrderRow> orders) {
        Map<String, List<String>> payments =
                rowsByFirstColumn(databases.rows("payment-service", "SELECT order_id, status, amount FROM payments"));
        List<String> wrong = new ArrayList<>();
        orders.values().forEach(order -> {
            List<String> payment = payments.get(order.id().toString());
            boolean charged = payment != null && payment.get(1).equals("AUTHORIZED");
            if (order.status().equals("APPROVED") && !(charged && Long.parseLong(payment.get(2)) == order.total())) {
                wrong.add(order.id() + " approved, payment " + payment);
            } else if (order.status().equals("REJECTED") && charged) {
                wrong.add(order.id() + " rejected, yet charged");
            }
        });
        return new Check(
                "one authorized payment of the order's total per approved order, none kept for a rejected one",
                wrong.isEmpty(),
                wrong.isEmpty() ? orders.size() + " orders match their payments" : examples(wrong));
    }

    private Check stockMatchesApprovedOrders(Set<UUID> approved) {
        Map<String, Long> sold = new HashMap<>();
        for (List<String> line : databases.rows("order-service", "SELECT order_id, sku, quantity FROM order_items")) {
            if (approved.contains(UUID.fromString(line.get(0)))) {
                sold.merge(line.get(1), Long.parseLong(line.get(2)), Long::sum);
            }
        }
        Map<String, Long> available = keyed(
                databases.rows("inventory-service", "SELECT sku, stock - reserved FROM products"), Long::parseLong);
        List<String> wrong = new ArrayList<>();
        catalog.stock().forEach((sku, initial) -> {
            long expected = initial - sold.getOrDefault(sku, 0L);
            if (!Objects.equals(available.get(sku), expected)) {
                wrong.add(sku + " has " + available.get(sku) + " available, expected " + expected);
            }
        });
        return new Check(
                "each product's available stock is its initial stock minus exactly its approved orders",
                wrong.isEmpty(),
                wrong.isEmpty() ? catalog.stock().size() + " products match" : examples(wrong));
    }

    private Check reservationsMatchOrders(Map<UUID, OrderRow> orders) {
        Map<String, List<String>> reservations =
                rowsByFirstColumn(databases.rows("inventory-service", "SELECT order_id, status FROM reservations"));
        List<String> wrong = new ArrayList<>();
        orders.values().forEach(order -> {
            List<String> reservation = reservations.get(order.id().toString());
            boolean held = reservation != null && reservation.get(1).equals("RESERVED");
            if (order.status().equals("APPROVED") != held) {
                wrong.add(order.id() + " " + order.status() + ", reservation " + reservation);
            }
        });
        return new Check(
                "stock reserved for every approved order and released for every rejected one",
                wrong.isEmpty(),
                wrong.isEmpty() ? orders.size() + " orders match their reservations" : examples(wrong));
    }

    private Check shipmentsMatchOrders(Map<UUID, OrderRow> orders) {
        Map<String, Long> live = new HashMap<>();
        for (List<String> row : databases.rows("shipping-service", "SELECT order_id, status FROM shipments")) {
            if (row.get(1).equals("SCHEDULED")) {
                live.merge(row.get(0), 1L, Long::sum);
            }
        }
        List<String> wrong = new ArrayList<>();
        orders.values().forEach(order -> {
            long shipments = live.getOrDefault(order.id().toString(), 0L);
            long expected = order.status().equals("APPROVED") ? 1 : 0;
            if (shipments != expected) {
                wrong.add(order.id() + " " + order.status() + " has " + shipments + " live shipments");
            }
        });
        return new Check(
                "exactly one live shipment per approved order and none per rejected one",
                wrong.isEmpty(),
                wrong.isEmpty() ? orders.size() + " orders match their shipments" : examples(wrong));
    }

    private Check sagasMatchOrders(Map<UUID, OrderRow> orders) {
        Map<String, List<String>> sagas = new HashMap<>();
        for (List<String> row : databases.rows("saga-orchestrator", "SELECT order_id, status FROM sagas")) {
            sagas.computeIfAbsent(row.get(0), id -> new ArrayList<>()).add(row.get(1));
        }
        Map<String, String> endFor = Map.of("APPROVED", "COMPLETED", "REJECTED", "REJECTED");
        List<String> wrong = new ArrayList<>();
        orders.values().forEach(order -> {
            List<String> states = sagas.getOrDefault(order.id().toString(), List.of());
            if (!states.equals(List.of(endFor.getOrDefault(order.status(), "?")))) {
                wrong.add(order.id() + " " + order.status() + ", sagas " + states);
            }
        });
        return new Check(
                "one saga per order, ended the way its order did",
                wrong.isEmpty(),
                wrong.isEmpty() ? orders.size() + " sagas match" : examples(wrong));
    }

    /**
     * One service's inbox against its rows, order by order ({@link InboxAgreement}). Its inbox holds message ids only;
     * Kafka's copy of each message says which order it was about and what it was.
     */
    private Check inboxAgreesWithRows(
            Rule rule, List<String> inbox, Map<UUID, OrderRow> orders, Map<UUID, Published> published) {
        Map<UUID, List<String>> deliveries = new HashMap<>();
        List<String> neverPublished = new ArrayList<>();
        for (String messageId : inbox) {
            Published message = published.get(UUID.fromString(messageId));
            if (message == null) {
                neverPublished.add(messageId);
            } else {
                deliveries
                        .computeIfAbsent(message.orderId(), id -> new ArrayList<>())
                        .add(message.type());
            }
        }
        Map<String, String> rows = keyed(databases.rows(rule.module(), rule.rows()), Function.identity());
        List<String> wrong = new ArrayList<>();
        if (!neverPublished.isEmpty()) {
            wrong.add(neverPublished.size() + " inbox entries name no message on Kafka, e.g. " + neverPublished.get(0));
        }
        long repeats = 0;
        for (OrderRow order : orders.values()) {
            List<String> types = deliveries.getOrDefault(order.id(), List.of());
            Set<String> applied = new TreeSet<>(types);
            repeats += types.size() - applied.size();
            Evidence evidence = new Evidence(applied, rows.get(order.id().toString()), order.status());
            if (!rule.agrees().test(evidence)) {
                wrong.add(order.id() + " " + order.status() + ": inbox " + applied + ", row " + evidence.row());
            }
        }
        return new Check(
                rule.module() + "'s inbox agrees with its rows: " + rule.description(),
                wrong.isEmpty(),
                wrong.isEmpty()
                        ? orders.size() + " orders agree; messages delivered again under a new message id, which"
                                + " changed nothing the second time: " + repeats
                        : examples(wrong));
    }

    private List<String> messageIdsInTheInbox(String module) {
        return databases.rows(module, "SELECT message_id FROM inbox").stream()
                .map(row -> row.get(0))
                .toList();
    }

    private Check slotsNearTheWalHead() {
        List<String> behind = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (List<String> slot : databases.slotLag()) {
            long lag = Long.parseLong(slot.get(1));
            all.add(slot.get(0) + " " + lag / 1024 + " kB");
            if (lag < 0 || lag > SLOT_LAG_LIMIT_BYTES) {
                behind.add(slot.get(0) + " " + (lag < 0 ? "never confirmed" : lag / 1024 + " kB behind"));
            }
        }
        return new Check(
                "every replication slot back within " + SLOT_LAG_LIMIT_BYTES / 1024 / 1024 + " MB of the WAL head",
                behind.isEmpty(),
                behind.isEmpty() ? String.join(", ", all) : examples(behind));
    }

    private static <T> Map<String, T> keyed(List<List<String>> rows, Function<String, T> value) {
        Map<String, T> map = new HashMap<>();
        rows.forEach(row -> map.put(row.get(0), value.apply(row.get(1))));
        return map;
    }

    private static Map<String, List<String>> rowsByFirstColumn(List<List<String>> rows) {
        Map<String, List<String>> map = new HashMap<>();
        rows.forEach(row -> map.put(row.get(0), row));
        return map;
    }

    private static String examples(List<String> problems) {
        return problems.size() + " of them, e.g. "
                + String.join("; ", problems.subList(0, Math.min(5, problems.size())));
    }
}
