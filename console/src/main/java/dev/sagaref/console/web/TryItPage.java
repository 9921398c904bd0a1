package dev.sagaref.console.web;

import dev.sagaref.console.backend.StackApis;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Places an order end to end for a newcomer: sets the customer's balance and the product's stock, then places the
 * order for that customer as the operator, and shows its saga. The presets pick a path: approved, rejected for lack
 * of money (the payment is declined), rejected for the destination (shipping refuses, so payment and stock are
 * given back).
 */
@Controller
class TryItPage {

    private final StackApis apis;

    TryItPage(StackApis apis) {
        this.apis = apis;
    }

    /**
     * @param formId one per rendered form, sent as the order's Idempotency-Key, so submitting twice places one order
     */
    record TryOrder(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String customerId,

            @NotNull @Min(0) @Max(1_000_000_000) Long balance,

            @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String sku,

            @NotNull @Min(0) @Max(1_000_000) Integer stock,
            @NotNull @Min(1) @Max(1000) Integer quantity,
            @NotNull @Min(1) @Max(100_000_000) Long unitPrice,

            @NotNull @Pattern(regexp = "[A-Za-z]{2}", message = "must be a two-letter country code")
            String country,

            @NotNull @Pattern(regexp = "[0-9a-f-]{36}") String formId) {

        static TryOrder preset(String preset) {
            String customer = "customer-" + UUID.randomUUID().toString().substring(0, 8);
            String formId = UUID.randomUUID().toString();
            return switch (preset) {
                case "poor" -> new TryOrder(customer, 100L, "BOOK-1", 10, 1, 1500L, "DE", formId);
                case "abroad" -> new TryOrder(customer, 10_000L, "BOOK-1", 10, 1, 1500L, "AQ", formId);
                default -> new TryOrder(customer, 10_000L, "BOOK-1", 10, 2, 1500L, "DE", formId);
            };
        }

        Map<String, Object> order() {
            return Map.of(
                    "customerId", customerId,
                    "items", List.of(Map.of("sku", sku, "quantity", quantity, "unitPrice", unitPrice)),
                    "shippingAddress",
                            Map.of(
                                    "name", "Console customer " + customerId,
                                    "street", "1 Main St",
                                    "city", "Anytown",
                                    "postalCode", "10115",
                                    "country", country.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    @GetMapping("/try")
    String form(@RequestParam(defaultValue = "approved") String preset, Model model) {
        model.addAttribute("tryOrder", TryOrder.preset(preset));
        return "try";
    }

    @PostMapping("/try")
    String place(@Valid @ModelAttribute("tryOrder") TryOrder order, BindingResult errors) {
        if (errors.hasErrors()) {
            return "try";
        }
        apis.setBalance(order.customerId(), order.balance());
        apis.setProduct(order.sku(), "Product " + order.sku(), order.stock());
        UUID orderId = apis.placeOrder(order.order(), order.formId());
        return "redirect:/orders/" + orderId;
    }
}
