package dev.sagaref.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The key tokens are signed with. Its id is the key's RFC 7638 thumbprint, so every instance that reads the same file
 * publishes the same key under the same id, and a service that cached the key set keeps accepting tokens after the
 * issuer restarts.
 */
@Configuration(proxyBeanMethods = false)
class SigningKey {

    private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

    @Bean
    JWKSource<SecurityContext> jwkSource(AuthSettings settings) {
        Path file = settings.signingKeyFile();
        // An unset AUTH_SIGNING_KEY_FILE arrives as an empty path.
        RSAKey key = file == null || file.toString().isEmpty() ? generated() : read(file);
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    private static RSAKey generated() {
        log.warn("No auth.signing-key-file: signing with a key made now; tokens die with this process, and a second "
                + "instance would sign with a different key");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return withThumbprintId(
                    (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static RSAKey read(Path pemFile) {
        try {
            String base64 = Files.readString(pemFile)
                    .replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            var privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            return withThumbprintId(privateKey);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the signing key " + pemFile, e);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException(pemFile + " is not a PKCS #8 PEM RSA private key", e);
        }
    }

    private static RSAKey withThumbprintId(RSAPrivateCrtKey privateKey) throws GeneralSecurityException {
        var publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        try {
            return new RSAKey.Builder(publicKey)
                    .privateKey(privateKey)
                    .keyIDFromThumbprint()
                    .build();
        } catch (JOSEException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
