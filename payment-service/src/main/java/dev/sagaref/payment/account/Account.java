package dev.sagaref.payment.account;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A customer's balance in minor units (cents). It never goes below zero: a debit it cannot cover is refused. */
@Entity
@Table(name = "accounts")
public class Account {

    @Id
    private String customerId;

    private long balance;
    private Instant updatedAt;

    /** Null until first saved, which is how Spring Data tells a new account from a stored one. */
    @Version
    private Long version;

    protected Account() {}

    public Account(String customerId, long balance, Instant now) {
        this.customerId = customerId;
        setBalance(balance, now);
    }

    public void setBalance(long balance, Instant now) {
        if (balance < 0) {
            throw new IllegalArgumentException("A balance cannot be negative: " + balance);
        }
        this.balance = balance;
        this.updatedAt = now;
    }

    public boolean canCover(long amount) {
        return balance >= amount;
    }

    public void debit(long amount, Instant now) {
        if (amount < 0 || !canCover(amount)) {
            throw new IllegalStateException("Account " + customerId + " cannot cover " + amount);
        }
        balance -= amount;
        updatedAt = now;
    }

    public void credit(long amount, Instant now) {
        if (amount < 0) {
            throw new IllegalArgumentException("A credit cannot be negative: " + amount);
        }
        balance += amount;
        updatedAt = now;
    }

    public String customerId() {
        return customerId;
    }

    public long balance() {
        return balance;
    }
}
