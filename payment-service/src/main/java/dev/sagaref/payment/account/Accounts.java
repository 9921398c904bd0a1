package dev.sagaref.payment.account;

import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Customers' accounts: what the API seeds and reads, and what payments debit and credit. */
@Service
public class Accounts {

    private final AccountRepository accounts;
    private final Clock clock;

    Accounts(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** What the API shows of an account. */
    public record Balance(String customerId, long balance) {
        static Balance of(Account account) {
            return new Balance(account.customerId(), account.balance());
        }
    }

    /** Creates the account or sets its balance. */
    @Transactional
    public Balance setBalance(String customerId, long balance) {
        Optional<Account> existing = accounts.findForUpdate(customerId);
        if (existing.isPresent()) {
            existing.get().setBalance(balance, clock.instant());
            return Balance.of(existing.get());
        }
        return Balance.of(accounts.save(new Account(customerId, balance, clock.instant())));
    }

    @Transactional(readOnly = true)
    public Optional<Balance> find(String customerId) {
        return accounts.findById(customerId).map(Balance::of);
    }

    /** The account, locked until the caller's transaction ends. */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Account> lock(String customerId) {
        return accounts.findForUpdate(customerId);
    }
}
