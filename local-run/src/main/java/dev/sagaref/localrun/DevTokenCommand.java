package dev.sagaref.localrun;

import java.nio.file.Path;

/**
 * {@code ./dev-token operator} or {@code ./dev-token customer alice}: prints an {@code Authorization} header value for
 * the stack {@code ./run-local} runs, signing in on its issuer with the passwords it keeps in {@code .local-run/auth}
 * ({@code AUTH_OPERATOR_PASSWORD} and {@code AUTH_CUSTOMER_PASSWORD} take their place for another stack on port 8086,
 * such as docker compose's).
 */
public final class DevTokenCommand {

    private DevTokenCommand() {}

    public static void main(String[] args) {
        boolean operator = args.length == 1 && args[0].equals("operator");
        boolean customer = args.length == 2 && args[0].equals("customer");
        if (!operator && !customer) {
            System.err.println("Usage: ./dev-token operator | ./dev-token customer <customer id>");
            System.exit(2);
        }
        LocalStack.Settings settings = LocalStack.Settings.defaults(Path.of("").toAbsolutePath());
        String issuer = "http://localhost:" + (LocalStack.ISSUER.port() + settings.portOffset());
        String operatorPassword = System.getenv("AUTH_OPERATOR_PASSWORD");
        String customerPassword = System.getenv("AUTH_CUSTOMER_PASSWORD");
        // The passwords from the environment (docker compose's, say), else those ./run-local made.
        DevTokens tokens = operatorPassword != null && customerPassword != null
                ? new DevTokens(issuer, new DevTokens.Credentials(operatorPassword, customerPassword))
                : DevTokens.ofLocalRun(settings.dataDirectory(), issuer);
        try {
            System.out.println(operator ? tokens.operator() : tokens.customer(args[1]));
        } catch (RuntimeException e) {
            System.err.println("No token from " + issuer + " (is ./run-local running?): " + e.getMessage());
            System.exit(1);
        }
    }
}
