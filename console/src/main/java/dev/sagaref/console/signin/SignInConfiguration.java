package dev.sagaref.console.signin;

import dev.sagaref.console.ConsoleSettings;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;

/**
 * People sign in at the stack's issuer (OpenID Connect, authorization code with PKCE) and use the console with the
 * operator role only. The console calls the APIs with the signed-in person's own access token, so the services apply
 * their rules to that person, not to the console.
 */
@Configuration(proxyBeanMethods = false)
public class SignInConfiguration {

    public static final String REGISTRATION_ID = "sagaref";
    static final String CLIENT_ID = "sagaref-console";
    static final String ROLES_CLAIM = "roles";

    @Bean
    SecurityFilterChain consoleSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to("health", "prometheus"))
                        .permitAll()
                        .requestMatchers("/console.css", "/console.js", "/webjars/**", "/error", "/signed-out")
                        .permitAll()
                        .anyRequest()
                        .hasRole("OPERATOR"))
                .oauth2Login(login -> login.loginPage("/oauth2/authorization/" + REGISTRATION_ID))
                .logout(logout -> logout.logoutSuccessUrl("/signed-out").permitAll());
        return http.build();
    }

    @Bean
    ClientRegistrationRepository clientRegistrations(ConsoleSettings settings) {
        String issuer = trimSlash(settings.issuerUri().toString());
        String internal = trimSlash(settings.issuerInternal().toString());
        ClientRegistration issuerRegistration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientId(CLIENT_ID)
                // Public client: PKCE instead of a secret (Spring Security adds it for clients without one).
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(trimSlash(settings.publicUri().toString()) + "/login/oauth2/code/{registrationId}")
                .scope(OidcScopes.OPENID)
                // The browser goes to the issuer by its public name; the console fetches tokens and keys by the name
                // it can reach. No discovery at start, so the console starts whether or not the issuer is up yet.
                .authorizationUri(issuer + "/oauth2/authorize")
                .tokenUri(internal + "/oauth2/token")
                .jwkSetUri(internal + "/oauth2/jwks")
                .issuerUri(issuer)
                .userNameAttributeName("sub")
                .build();
        return new InMemoryClientRegistrationRepository(issuerRegistration);
    }

    /** The issuer's {@code roles} claim (OPERATOR, CUSTOMER) as Spring's roles. */
    @Bean
    GrantedAuthoritiesMapper rolesFromIdToken() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc
                        && oidc.getIdToken().getClaim(ROLES_CLAIM) instanceof Collection<?> roles) {
                    roles.forEach(role -> mapped.add(new SimpleGrantedAuthority("ROLE_" + role)));
                }
            }
            return List.copyOf(mapped);
        };
    }

    /**
     * Hands the signed-in person's access token to API calls. Without a refresh token (a public client gets none),
     * an expired token sends the browser back through the issuer, which signs them in again without asking while its
     * own session lasts.
     */
    @Bean
    OAuth2AuthorizedClientManager authorizedClients(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager =
                new DefaultOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .build());
        return manager;
    }

    private static String trimSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
