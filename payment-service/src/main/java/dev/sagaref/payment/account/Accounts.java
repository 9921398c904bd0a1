package dev.sagaref.payment.account;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Customers' balances. Debits never take a balance below zero. */
@Repository
public class Accounts {

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Account(String customerId, long balance) {}

    public Account setBalance(String customerId, long balance) {
        jdbc.sql("""
                        INSERT INTO accounts (customer_id, balance) VALUES (:id, :balance)
                        ON CONFLICT (customer_id) DO UPDATE SET balance = EXCLUDED.balance, updated_at = now()
                        """).param("id", customerId).param("balance", balance).update();
        return new Account(customerId, balance);
    }

    public Optional<Account> find(String customerId) {
        return jdbc.sql("SELECT customer_id, balance FROM accounts WHERE customer_id = ?")
                .param(customerId)
                .query(Account.class)
                .optional();
    }

    /** Takes {@code amount} from the balance if it is there; false (and no change) otherwise. */
    public boolean debit(String customerId, long amount) {
        return jdbc.sql("""
                                UPDATE accounts SET balance = balance - :amount, updated_at = now()
                                WHERE customer_id = :id AND balance >= :amount
                                """).param("id", customerId).param("amount", amount).update() == 1;
    }

    public void credit(String customerId, long amount) {
        jdbc.sql("UPDATE accounts SET balance = balance + :amount, updated_at = now() WHERE customer_id = :id")
                .param("id", customerId)
                .param("amount", amount)
                .update();
    }
}
