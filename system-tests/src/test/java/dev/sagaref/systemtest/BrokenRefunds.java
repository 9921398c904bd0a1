package dev.sagaref.systemtest;

import dev.sagaref.localrun.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fault the payment service cannot get past by itself: a trigger in its database refuses every refund, so a saga
 * that must give money back ends in COMPENSATION_FAILED until an operator fixes the cause ({@link #repair}) and
 * retries.
 */
final class BrokenRefunds {

    private BrokenRefunds() {}

    static void breakThem(LocalStack stack) throws SQLException {
        execute(
                stack,
                "CREATE FUNCTION refuse_refund() RETURNS trigger LANGUAGE plpgsql"
                        + " AS $$ BEGIN RAISE EXCEPTION 'refunds are broken'; END $$",
                "CREATE TRIGGER refuse_refund BEFORE UPDATE ON payments FOR EACH ROW"
                        + " WHEN (NEW.status = 'REFUNDED') EXECUTE FUNCTION refuse_refund()");
    }

    static void repair(LocalStack stack) throws SQLException {
        execute(stack, "DROP TRIGGER refuse_refund ON payments", "DROP FUNCTION refuse_refund()");
    }

    private static void execute(LocalStack stack, String... statements) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(stack.jdbcUrl("payment-service"), "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
