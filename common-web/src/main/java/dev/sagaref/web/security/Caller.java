package dev.sagaref.web.security;

import java.util.List;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who sent a request, from its bearer token: the token's subject and roles. A controller method that takes a
 * {@code Caller} parameter gets it filled in. Customers are identified by their customer id, which is the token's
 * subject, never a field of the request.
 *
 * @param subject the token's {@code sub}: a customer id, or the operator's name
 */
public record Caller(String subject, List<String> roles) {

    public static final String OPERATOR = "OPERATOR";
    public static final String CUSTOMER = "CUSTOMER";

    static Caller of(Jwt token) {
        List<String> roles = token.getClaimAsStringList(ApiSecurityAutoConfiguration.ROLES_CLAIM);
        return new Caller(token.getSubject(), roles == null ? List.of() : List.copyOf(roles));
    }

    public boolean isOperator() {
        return roles.contains(OPERATOR);
    }

    public boolean isCustomer(String customerId) {
        return roles.contains(CUSTOMER) && subject.equals(customerId);
    }

    /** The operator, or the customer the data belongs to; anyone else is refused with 403. */
    public void requireOperatorOr(String customerId) {
        if (!isOperator() && !isCustomer(customerId)) {
            throw new AccessDeniedException("Only the operator and customer " + customerId + " may do this");
        }
    }

    /** This caller's customer id; a caller who is no customer is refused with 403. */
    public String customerId() {
        if (!roles.contains(CUSTOMER)) {
            throw new AccessDeniedException("Only a customer may do this, and " + subject + " is none");
        }
        return subject;
    }
}
