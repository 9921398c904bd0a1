package dev.sagaref.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.sagaref.localrun.DevTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AuthServerTest {

    private static final Path KEY_FILE = writeKeyFile();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("auth.issuer", () -> "http://issuer.example");
        registry.add("auth.signing-key-file", KEY_FILE::toString);
        registry.add("auth.operator-password", () -> "op-secret");
        registry.add("auth.customer-password", () -> "customer-secret");
        registry.add("auth.access-token-time-to-live", () -> "10m");
    }

    @LocalServerPort
    int port;

    @Autowired
    AuthSettings settings;

    private DevTokens tokens(String operatorPassword, String customerPassword) {
        return new DevTokens("http://localhost:" + port, new DevTokens.Credentials(operatorPassword, customerPassword));
    }

    @Test
    void aCustomerSignsInAndGetsATokenNamingThemWithTheCustomerRole() throws Exception {
        SignedJWT token = parse(tokens("op-secret", "customer-secret").customer("alice"));

        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("alice");
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("CUSTOMER");
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("http://issuer.example");
        assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11)));
    }

    @Test
    void theOperatorGetsTheOperatorRole() throws Exception {
        SignedJWT token = parse(tokens("op-secret", "customer-secret").operator());

        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("operator");
        assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("OPERATOR");
    }

    @Test
    void aWrongPasswordGetsNoToken() {
        assertThatThrownBy(() -> tokens("guess", "customer-secret").operator())
                .hasMessageContaining("refused the password of operator");
        // The customers' password does not open the operator's account.
        assertThatThrownBy(() -> tokens("customer-secret", "customer-secret").operator())
                .hasMessageContaining("refused the password of operator");
    }

    @Test
    void tokensAreSignedWithTheKeyFromTheFileWhichTheKeySetPublishesUnderItsThumbprint() throws Exception {
        SignedJWT token = parse(tokens("op-secret", "customer-secret").customer("bob"));
        String jwks = get("/oauth2/jwks").body();
        RSAKey published = (RSAKey) JWKSet.parse(jwks).getKeys().get(0);
        RSAKey fromFile = SigningKey.read(KEY_FILE);

        assertThat(published.isPrivate()).isFalse();
        assertThat(published.getKeyID()).isEqualTo(fromFile.computeThumbprint().toString());
        assertThat(token.getHeader().getKeyID()).isEqualTo(published.getKeyID());
        assertThat(token.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(published)))
                .isTrue();
    }

    @Test
    void manyCustomersSignInAtOnce() throws Exception {
        DevTokens tokens = tokens("op-secret", "customer-secret");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<String>> signIns = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String customer = "c-" + i;
                signIns.add(pool.submit(() -> tokens.customer(customer)));
            }
            for (int i = 0; i < signIns.size(); i++) {
                assertThat(parse(signIns.get(i).get()).getJWTClaimsSet().getSubject())
                        .isEqualTo("c-" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void probesNeedNoToken() throws Exception {
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private static SignedJWT parse(String bearer) throws java.text.ParseException {
        return SignedJWT.parse(bearer.substring("Bearer ".length()));
    }

    private static Path writeKeyFile() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Path file = Files.createTempFile("signing-key", ".pem");
            file.toFile().deleteOnExit();
            Files.writeString(
                    file,
                    "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder()
                                    .encodeToString(generator
                                            .generateKeyPair()
                                            .getPrivate()
                                            .getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            return file;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
