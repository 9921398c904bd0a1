package dev.sagaref.payment.account;

import dev.sagaref.web.security.Caller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Customers' accounts: the operator sets a balance; the operator and the account's customer read it back. Amounts are
 * minor units (cents).
 */
@RestController
@RequestMapping("/api/accounts")
@Validated
class AccountController {

    static final String CUSTOMER_ID = "[A-Za-z0-9._-]{1,64}";

    private final Accounts accounts;

    AccountController(Accounts accounts) {
        this.accounts = accounts;
    }

    record BalanceRequest(@NotNull @PositiveOrZero Long balance) {}

    @PutMapping("/{customerId}")
    @PreAuthorize("hasRole('OPERATOR')")
    Accounts.Balance setBalance(
            @PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId,
            @Valid @RequestBody BalanceRequest request) {
        try {
            return accounts.setBalance(customerId, request.balance());
        } catch (DataIntegrityViolationException createdConcurrently) {
            // Another request created this account first; now it exists, so this one updates it.
            return accounts.setBalance(customerId, request.balance());
        }
    }

    @GetMapping("/{customerId}")
    Accounts.Balance get(@PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId, Caller caller) {
        caller.requireOperatorOr(customerId);
        return accounts.find(customerId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No account for " + customerId));
    }
}
