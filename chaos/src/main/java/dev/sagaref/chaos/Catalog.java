package dev.sagaref.chaos;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accounts and products a chaos run starts from, and the orders it places: most are approved, and a steady share
 * is rejected on each path (a poor account, a product that runs out, a country nobody ships to), so faults hit
 * compensations as well as happy paths.
 */
final class Catalog {

    static final long UNIT_PRICE = 1_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String run;
    private final Map<String, Long> balances = new LinkedHashMap<>();
    private final Map<String, Integer> stock = new LinkedHashMap<>();
    private final List<String> richCustomers;
    private final String poorCustomer;
    private final List<String> plentifulSkus;
    private final String scarceSku;

    Catalog(String run) {
        this.run = run;
        richCustomers = List.of(name("rich-1"), name("rich-2"), name("rich-3"), name("rich-4"));
        poorCustomer = name("poor");
        plentifulSkus = List.of(name("SKU-A"), name("SKU-B"), name("SKU-C"));
        scarceSku = name("SKU-SCARCE");
        richCustomers.forEach(customer -> balances.put(customer, 100_000_000L));
        // Enough for two orders; every later one is refused for insufficient funds.
        balances.put(poorCustomer, 2 * UNIT_PRICE);
        plentifulSkus.forEach(sku -> stock.put(sku, 1_000_000));
        // Runs out after a few orders; every later one is refused as out of stock.
        stock.put(scarceSku, 6);
    }

    private String name(String suffix) {
        return "chaos-" + run + "-" + suffix;
    }

    Map<String, Long> balances() {
        return balances;
    }

    Map<String, Integer> stock() {
        return stock;
    }

    /** An order's body, and the customer who places it (whose token it is sent with). */
    record Order(String customer, String json) {}

    /** The i-th order of the run: one in eight takes a rejection path, in turn. */
    Order order(int i) {
        String customer = richCustomers.get(i % richCustomers.size());
        String sku = plentifulSkus.get(i % plentifulSkus.size());
        String country = "DE";
        switch (i % 24) {
            case 5 -> customer = poorCustomer;
            case 13 -> sku = scarceSku;
            case 21 -> country = "AQ";
            default -> {}
        }
        return new Order(
                customer,
                JSON.writeValueAsString(Map.of(
                        "customerId", customer,
                        "items", List.of(Map.of("sku", sku, "quantity", 1 + i % 2, "unitPrice", UNIT_PRICE)),
                        "shippingAddress",
                                Map.of(
                                        "name", "Chaos Customer",
                                        "street", "1 Main Street",
                                        "city", "Berlin",
                                        "postalCode", "10115",
                                        "country", country))));
    }
}
