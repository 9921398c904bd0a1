package dev.sagaref.order.ordering;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

@RestController
@RequestMapping("/api/orders")
@Validated
class OrderController {

    private final OrderService orderService;

    OrderController(OrderService orderService) {
        this.orderService = orderService;
    }

    /**
     * Places an order: 201 with the PENDING order. With an {@code Idempotency-Key}, repeating the same request
     * returns the same order (200); the same key with a different request is refused (422).
     */
    @PostMapping
    ResponseEntity<OrderView> place(
            @Valid @RequestBody PlaceOrderRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 200)
                    String idempotencyKey) {
        OrderService.Placement placement;
        try {
            placement = orderService.place(request, idempotencyKey);
        } catch (DataIntegrityViolationException concurrentRequestWithSameKey) {
            // Another request with this key committed first; answer as if this one came second.
            placement = orderService.place(request, idempotencyKey);
        }
        OrderView order = placement.order();
        return ResponseEntity.status(placement.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/orders/" + order.id()))
                .body(order);
    }

    @GetMapping("/{id}")
    OrderView get(@PathVariable UUID id) {
        return orderService
                .find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
    }

    /** Newest first, filtered by customer and/or status. */
    @GetMapping
    OrderPage search(
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String customerId,
            @RequestParam(required = false) Order.Status status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return orderService.search(customerId, status, page, size);
    }

    @ExceptionHandler(OrderService.IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(OrderService.IdempotencyKeyReusedException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        body.setTitle("Idempotency-Key reused");
        return ResponseEntity.unprocessableContent().body(body);
    }
}
