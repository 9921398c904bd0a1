package dev.sagaref.order.ordering;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The body of {@code POST /api/orders}. Amounts are minor units (cents). The customer is the signed-in one;
 * {@code customerId} may be left out, and if given must name them.
 */
public record PlaceOrderRequest(
        @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String customerId,
        @NotEmpty @Size(max = 100) List<@NotNull @Valid Item> items,
        @NotNull @Valid Address shippingAddress) {

    /** This request, for the given customer. */
    PlaceOrderRequest withCustomer(String customer) {
        return new PlaceOrderRequest(customer, items, shippingAddress);
    }

    public record Item(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String sku,

            @NotNull @Positive @Max(10_000) Integer quantity,
            @NotNull @PositiveOrZero @Max(100_000_000) Long unitPrice) {}

    public record Address(
            @NotBlank @Size(max = 200) String name,
            @NotBlank @Size(max = 200) String street,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String postalCode,

            @NotBlank @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166-1 alpha-2 code like DE")
            String country) {}
}
