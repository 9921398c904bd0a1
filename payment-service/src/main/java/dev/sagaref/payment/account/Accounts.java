package dev.sagaref.payment.account;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Customers' accounts: what the API seeds and reads, and what payments debit and credit. */
@Service
public class Accounts {

    private final AccountRepository accounts;
    private final EntityManager entityManager;
    private final Clock clock;

    Accounts(AccountRepository accounts, EntityManager entityManager, Clock clock) {
        this.accounts = accounts;
        this.entityManager = entityManager;
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
        Optional<Account> existing = lock(customerId);
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

    /**
     * The account, locked until the caller's transaction ends. A pessimistic lock, not an optimistic one: one
     * customer's orders sit on different partitions and are charged concurrently, and waiting for the row is cheaper
     * than failing and redelivering a whole message. Read by key with a lock mode (docs/persistence.md, "Locks").
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<Account> lock(String customerId) {
        return Optional.ofNullable(entityManager.find(Account.class, customerId, LockModeType.PESSIMISTIC_WRITE));
    }
}
