package dev.sagaref.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class LockedAuthorizationServiceTest {

    private static final RegisteredClient CLIENT = RegisteredClient.withId("cli")
            .clientId("sagaref-cli")
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://127.0.0.1/authorized")
            .build();
    private static final Duration TOKEN_LIFETIME = Duration.ofMinutes(30);

    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final LockedAuthorizationService store =
            new LockedAuthorizationService(new InMemoryOAuth2AuthorizationService(), new Clock() {
                @Override
                public Instant instant() {
                    return now;
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            });

    @Test
    void anAuthorizationIsKeptWhileItsTokenLivesAndForgottenAfter() {
        store.save(signedIn("alice"));
        now = now.plus(TOKEN_LIFETIME.minusMinutes(1));
        store.save(signedIn("bob"));

        assertThat(store.findById("alice")).as("its token still lives").isNotNull();
        assertThat(store.findByToken("token-of-alice", OAuth2TokenType.ACCESS_TOKEN))
                .isNotNull();

        now = now.plus(Duration.ofMinutes(2));
        store.save(signedIn("carol"));

        assertThat(store.findById("alice")).as("its token expired").isNull();
        assertThat(store.findByToken("token-of-alice", OAuth2TokenType.ACCESS_TOKEN))
                .isNull();
        assertThat(store.findById("bob")).isNotNull();
        assertThat(store.findById("carol")).isNotNull();
    }

    @Test
    void aSignInInProgressHasNoExpiryOfItsOwnAndStaysWithSpringsBound() {
        store.save(OAuth2Authorization.withRegisteredClient(CLIENT)
                .id("pending")
                .principalName("dave")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .build());
        now = now.plus(Duration.ofDays(1));
        store.save(signedIn("erin"));

        assertThat(store.findById("pending")).isNotNull();
    }

    private OAuth2Authorization signedIn(String user) {
        return OAuth2Authorization.withRegisteredClient(CLIENT)
                .id(user)
                .principalName(user)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .accessToken(new OAuth2AccessToken(
                        OAuth2AccessToken.TokenType.BEARER, "token-of-" + user, now, now.plus(TOKEN_LIFETIME)))
                .build();
    }
}
