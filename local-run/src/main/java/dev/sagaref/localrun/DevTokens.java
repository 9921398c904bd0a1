package dev.sagaref.localrun;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Bearer tokens from the stack's issuer (auth-server), got the way a native app gets them: the authorization code
 * flow with PKCE, signing in on the issuer's login form. {@code ./dev-token}, the system tests, the benchmark and the
 * chaos suite use it; tokens are kept per user and fetched again a minute before they expire.
 */
public final class DevTokens {

    /** The client every tool here signs in through, and where it asks the code to be sent (see auth-server). */
    private static final String CLIENT_ID = "sagaref-cli";

    private static final String REDIRECT_URI = "http://127.0.0.1/authorized";
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(1);
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The stack's two passwords: the operator's, and the one every customer signs in with. */
    public record Credentials(String operatorPassword, String customerPassword) {}

    private record Token(String value, Instant expires) {}

    private final URI issuer;
    private final Credentials credentials;
    private final Map<String, Token> byUser = new ConcurrentHashMap<>();

    public DevTokens(String issuerUrl, Credentials credentials) {
        this.issuer = URI.create(issuerUrl);
        this.credentials = credentials;
    }

    /** Tokens for a stack {@code ./run-local} started, with the passwords it keeps under its data directory. */
    public static DevTokens ofLocalRun(Path dataDirectory, String issuerUrl) {
        return new DevTokens(issuerUrl, new IssuerFiles(dataDirectory).credentials());
    }

    /** An {@code Authorization} header value for the operator: seeds accounts and products, reads everything. */
    public String operator() {
        return bearer("operator", credentials.operatorPassword());
    }

    /** An {@code Authorization} header value for a customer: places and reads their own orders. */
    public String customer(String customerId) {
        return bearer(customerId, credentials.customerPassword());
    }

    private String bearer(String user, String password) {
        Token token = byUser.compute(
                user,
                (name, cached) -> cached != null
                                && Instant.now().plus(RENEW_BEFORE_EXPIRY).isBefore(cached.expires())
                        ? cached
                        : signIn(name, password));
        return "Bearer " + token.value();
    }

    /** The authorization code flow, one cookie jar per sign-in: authorize, log in, follow back, swap the code. */
    private Token signIn(String user, String password) {
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        String verifier = randomUrlSafe(32);
        String state = randomUrlSafe(16);
        URI authorize = issuer.resolve("/oauth2/authorize?"
                + form(Map.of(
                        "response_type",
                        "code",
                        "client_id",
                        CLIENT_ID,
                        "redirect_uri",
                        REDIRECT_URI,
                        "state",
                        state,
                        "code_challenge",
                        challenge(verifier),
                        "code_challenge_method",
                        "S256")));
        try {
            send(browser, get(authorize), 302); // not signed in: off to the login form, with a session
            HttpResponse<String> loginPage = send(browser, get(issuer.resolve("/login")), 200);
            Matcher csrf = CSRF_FIELD.matcher(loginPage.body());
            if (!csrf.find()) {
                throw new IllegalStateException("No CSRF token on " + issuer.resolve("/login"));
            }
            HttpResponse<String> loggedIn = send(
                    browser,
                    post(
                            issuer.resolve("/login"),
                            Map.of("username", user, "password", password, "_csrf", csrf.group(1))),
                    302);
            String afterLogin = location(loggedIn);
            if (afterLogin.contains("error")) {
                throw new IllegalStateException("The issuer refused the password of " + user);
            }
            String redirect = location(send(browser, get(issuer.resolve(afterLogin)), 302));
            Matcher code = CODE.matcher(redirect);
            if (!redirect.startsWith(REDIRECT_URI) || !redirect.contains("state=" + state) || !code.find()) {
                throw new IllegalStateException("The issuer sent no code: " + redirect);
            }
            HttpResponse<String> tokenResponse = send(
                    browser,
                    post(
                            issuer.resolve("/oauth2/token"),
                            Map.of(
                                    "grant_type", "authorization_code",
                                    "client_id", CLIENT_ID,
                                    "redirect_uri", REDIRECT_URI,
                                    "code", code.group(1),
                                    "code_verifier", verifier)),
                    200);
            Matcher accessToken = ACCESS_TOKEN.matcher(tokenResponse.body());
            Matcher expiresIn = EXPIRES_IN.matcher(tokenResponse.body());
            if (!accessToken.find() || !expiresIn.find()) {
                throw new IllegalStateException("No access token in " + tokenResponse.body());
            }
            return new Token(accessToken.group(1), Instant.now().plusSeconds(Long.parseLong(expiresIn.group(1))));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot get a token for " + user + " from " + issuer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> send(HttpClient browser, HttpRequest request, int expectedStatus)
            throws IOException, InterruptedException {
        HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + " where " + expectedStatus + " was expected: " + response.body());
        }
        return response;
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Accept", "text/html")
                .timeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpRequest post(URI uri, Map<String, String> fields) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html, application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build();
    }

    private static String location(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Location")
                .orElseThrow(() -> new IllegalStateException("A redirect without Location from " + response.uri()));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String randomUrlSafe(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
