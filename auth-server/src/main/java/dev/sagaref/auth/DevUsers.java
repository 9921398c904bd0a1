package dev.sagaref.auth;

import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Who may sign in: {@code operator}, and every customer under their customer id. Customers share one password, so the
 * benchmark and the tests can act as any of thousands of customers without registering them first. That is the one
 * thing here that only suits a stand-in issuer: a real deployment points the services at its own identity provider,
 * whose tokens carry the same two claims ({@code sub}, {@code roles}).
 */
@Component
class DevUsers implements UserDetailsService {

    static final String OPERATOR = "operator";
    /** The customer ids the services accept (the same pattern as their APIs'). */
    private static final Pattern CUSTOMER_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final AuthSettings settings;

    DevUsers(AuthSettings settings) {
        this.settings = settings;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        if (OPERATOR.equals(username)) {
            return user(username, settings.operatorPassword(), Roles.OPERATOR);
        }
        if (CUSTOMER_ID.matcher(username).matches()) {
            return user(username, settings.customerPassword(), Roles.CUSTOMER);
        }
        throw new UsernameNotFoundException("No such user");
    }

    private static UserDetails user(String username, String password, String role) {
        // {noop}: the passwords come from the environment, not from a user table that could leak hashes.
        return User.withUsername(username)
                .password("{noop}" + password)
                .roles(role)
                .build();
    }
}
