package dev.sagaref.auth;

import java.time.Clock;
import java.util.UUID;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * One client, {@code sagaref-cli}: a public client (no secret) that signs a user in with the authorization code flow
 * and PKCE, as a browser or command-line app would. {@code ./dev-token}, the tests, the benchmark and the chaos suite
 * all get their tokens through it. Tokens are JWTs with the user's name as {@code sub} and their roles as
 * {@code roles}.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    static final String CLIENT_ID = "sagaref-cli";
    /**
     * Where the code is sent. A loopback address, as RFC 8252 has native apps use; the clients here read the code from
     * the redirect itself and never listen there.
     */
    static final String REDIRECT_URI = "http://127.0.0.1/authorized";

    /**
     * The saga console, a web application that signs operators in (OpenID Connect) and calls the APIs with their
     * tokens. Public with PKCE like the CLI, so no client secret has to be shared between the two.
     */
    static final String CONSOLE_CLIENT_ID = "sagaref-console";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
        // OpenID Connect for the console, which signs people in with an ID token; the CLI only wants access tokens.
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.oidc(Customizer.withDefaults());
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // Not signed in yet: a browser (or a client that asks for HTML) is sent to the login form.
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain loginAndProbes(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(EndpointRequest.to("health", "prometheus"))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    RegisteredClientRepository clients(AuthSettings settings) {
        RegisteredClient cli = publicClientWithPkce(CLIENT_ID, settings)
                .redirectUri(REDIRECT_URI)
                .build();
        RegisteredClient console = publicClientWithPkce(CONSOLE_CLIENT_ID, settings)
                .redirectUris(uris -> uris.addAll(settings.consoleRedirectUris()))
                .scope(OidcScopes.OPENID)
                .build();
        return new InMemoryRegisteredClientRepository(cli, console);
    }

    /** A client without a secret that proves itself with PKCE, signs users in by code and needs no consent screen. */
    private static RegisteredClient.Builder publicClientWithPkce(String clientId, AuthSettings settings) {
        return RegisteredClient.withId(
                        UUID.nameUUIDFromBytes(clientId.getBytes()).toString())
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(settings.accessTokenTimeToLive())
                        .build());
    }

    /** Codes waiting to be swapped and the tokens issued, in memory, safe for concurrent sign-ins, kept until expiry. */
    @Bean
    OAuth2AuthorizationService authorizations() {
        return new LockedAuthorizationService(new InMemoryOAuth2AuthorizationService(), Clock.systemUTC());
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(AuthSettings settings) {
        return AuthorizationServerSettings.builder().issuer(settings.issuer()).build();
    }

    /**
     * Adds the user's roles ({@code OPERATOR} or {@code CUSTOMER}) to every access token, and to the ID token the
     * console signs people in with.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> rolesClaim() {
        return context -> {
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                    || OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                context.getClaims()
                        .claim(
                                "roles",
                                context.getPrincipal().getAuthorities().stream()
                                        .map(GrantedAuthority::getAuthority)
                                        .filter(authority -> authority.startsWith("ROLE_"))
                                        .map(authority -> authority.substring("ROLE_".length()))
                                        .toList());
            }
        };
    }
}
