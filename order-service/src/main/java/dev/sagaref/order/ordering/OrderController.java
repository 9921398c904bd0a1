package dev.sagaref.order.ordering;

import dev.sagaref.web.security.Caller;
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
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
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
     * Places an order for the signed-in customer: 201 with the PENDING order. The customer is the token's; a body
     * that names another customer is refused (403). An operator places an order for the customer the body names (the
     * saga console's "try it" form does), and the saga records the operator as who started it. With an
     * {@code Idempotency-Key}, repeating the same request returns the same order (200); the same key with a different
     * request is refused (422).
     */
    @PostMapping
    @PreAuthorize("hasAnyRole('CUSTOMER', 'OPERATOR')")
    ResponseEntity<OrderView> place(
            @Valid @RequestBody PlaceOrderRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 200) String idempotencyKey,
            Caller caller) {
        PlaceOrderRequest forCustomer;
        if (caller.isOperator()) {
            if (request.customerId() == null) {
                throw new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "An operator's order must name its customer (customerId)");
            }
            forCustomer = request;
        } else {
            String customerId = caller.customerId();
            if (request.customerId() != null && !request.customerId().equals(customerId)) {
                throw new AccessDeniedException(
                        "Signed in as customer " + customerId + ", so no order for " + request.customerId());
            }
            forCustomer = request.withCustomer(customerId);
        }
        OrderService.Placement placement;
        try {
            placement = orderService.place(forCustomer, idempotencyKey, caller.subject());
        } catch (DataIntegrityViolationException concurrentRequestWithSameKey) {
            // Another request with this key committed first; answer as if this one came second.
            placement = orderService.place(forCustomer, idempotencyKey, caller.subject());
        }
        OrderView order = placement.order();
        return ResponseEntity.status(placement.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create("/api/orders/" + order.id()))
                .body(order);
    }

    /** The operator reads any order; a customer only their own, and another's is as unknown to them as a wrong id. */
    @GetMapping("/{id}")
    OrderView get(@PathVariable UUID id, Caller caller) {
        return orderService
                .find(id)
                .filter(order -> caller.isOperator() || caller.isCustomer(order.customerId()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id));
    }

    /** Newest first, filtered by customer and/or status. A customer searches their own orders only. */
    @GetMapping
    OrderPage search(
            @RequestParam(required = false) @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String customerId,
            @RequestParam(required = false) Order.Status status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            Caller caller) {
        if (caller.isOperator()) {
            return orderService.search(customerId, status, page, size);
        }
        if (customerId != null) {
            caller.requireOperatorOr(customerId);
        }
        return orderService.search(caller.customerId(), status, page, size);
    }

    @ExceptionHandler(OrderService.IdempotencyKeyReusedException.class)
    ResponseEntity<ProblemDetail> keyReused(OrderService.IdempotencyKeyReusedException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        body.setTitle("Idempotency-Key reused");
        return ResponseEntity.unprocessableContent().body(body);
    }
}
