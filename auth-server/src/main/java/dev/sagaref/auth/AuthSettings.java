package dev.sagaref.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param issuer the URL every token names as its issuer; services accept tokens of this issuer only, so it must be the
 *     address clients use, wherever the services fetch the keys from
 * @param signingKeyFile a PKCS #8 PEM RSA private key; every instance with the same file signs with the same key, and
 *     tokens outlive a restart. Without one a key is made at start (one instance only; a restart voids every token)
 * @param operatorPassword the password of the one operator, {@code operator}
 * @param customerPassword the password every customer signs in with (see {@link DevUsers})
 * @param accessTokenTimeToLive how long a token is accepted after it was issued
 * @param consoleRedirectUris where the saga console may receive its sign-in code: its public address followed by
 *     {@code /login/oauth2/code/sagaref}, with 127.0.0.1 rather than localhost (refused as a redirect host)
 */
@Validated
@ConfigurationProperties("auth")
record AuthSettings(
        @NotBlank String issuer,
        Path signingKeyFile,
        @NotBlank String operatorPassword,
        @NotBlank String customerPassword,
        @NotNull Duration accessTokenTimeToLive,
        @NotEmpty List<String> consoleRedirectUris) {}
