package dev.sagaref.auth;

/** The roles a token can carry, in its {@code roles} claim. The services map them to Spring's {@code ROLE_...}. */
final class Roles {

    /** Seeds accounts and products, reads every order and saga. */
    static final String OPERATOR = "OPERATOR";
    /** Places and reads their own orders. */
    static final String CUSTOMER = "CUSTOMER";

    private Roles() {}
}
