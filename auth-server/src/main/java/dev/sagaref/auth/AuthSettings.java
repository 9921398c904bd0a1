package dev.sagaref.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
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
 */
@Validated
@ConfigurationProperties("auth")
record AuthSettings(
        @NotBlank String issuer,
        Path signingKeyFile,
        @NotBlank String operatorPassword,
        @NotBlank String customerPassword,
        @NotNull Duration accessTokenTimeToLive) {}
