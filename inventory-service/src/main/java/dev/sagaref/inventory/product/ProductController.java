package dev.sagaref.inventory.product;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/products")
@Validated
class ProductController {

    static final String SKU = "[A-Za-z0-9._-]{1,64}";

    private final Products products;

    ProductController(Products products) {
        this.products = products;
    }

    record ProductRequest(
            @NotBlank @Size(max = 200) String name,
            @NotNull @PositiveOrZero Integer stock) {}

    /** Only the operator stocks products; anyone signed in may look at them. */
    @PutMapping("/{sku}")
    @PreAuthorize("hasRole('OPERATOR')")
    Products.Availability put(
            @PathVariable @Pattern(regexp = SKU) String sku, @Valid @RequestBody ProductRequest request) {
        try {
            return products.put(sku, request.name(), request.stock());
        } catch (DataIntegrityViolationException createdConcurrently) {
            // Another request created this product first; now it exists, so this one updates it.
            return products.put(sku, request.name(), request.stock());
        }
    }

    @ExceptionHandler(Product.StockBelowReservedException.class)
    ResponseEntity<ProblemDetail> stockBelowReserved(Product.StockBelowReservedException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage()));
    }

    @GetMapping("/{sku}")
    Products.Availability get(@PathVariable @Pattern(regexp = SKU) String sku) {
        return products.find(sku)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No product " + sku));
    }
}
