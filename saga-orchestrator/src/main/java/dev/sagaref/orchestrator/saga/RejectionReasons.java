package dev.sagaref.orchestrator.saga;

/**
 * Why an order was rejected. Participants' own reasons pass through ({@code INSUFFICIENT_FUNDS},
 * {@code UNKNOWN_ACCOUNT}, {@code UNSUPPORTED_DESTINATION}); a step that never answered gives
 * {@code <STEP>_TIMEOUT}, e.g. {@code AUTHORIZE_PAYMENT_TIMEOUT}.
 */
public final class RejectionReasons {

    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";

    private RejectionReasons() {}

    /** {@code ReserveStock} becomes {@code RESERVE_STOCK_TIMEOUT}. */
    public static String timeoutOf(String stepName) {
        return stepName.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase() + "_TIMEOUT";
    }
}
