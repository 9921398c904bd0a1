package dev.sagaref.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring's in-memory authorization store behind one lock, forgetting what can no longer be used. Its map of
 * authorizations in progress is a plain {@code LinkedHashMap}: two hundred customers signing in at once (a system
 * test) threw {@code ConcurrentModificationException} from the token endpoint. Sign-ins are few and short, so one
 * lock costs nothing that matters; a deployment with its own identity provider does not run this at all.
 *
 * <p>Spring's store bounds the authorizations in progress but keeps every completed one for good, so a long run (the
 * benchmark signs in hundreds of customers) would only grow. Here an authorization is dropped once all its tokens have
 * expired: it can serve nothing more.
 */
final class LockedAuthorizationService implements OAuth2AuthorizationService {

    private record Expiry(Instant at, String authorizationId) {}

    private final OAuth2AuthorizationService delegate;
    private final Clock clock;
    /** When each saved authorization's last token runs out, soonest first. */
    private final PriorityQueue<Expiry> expiries = new PriorityQueue<>(Comparator.comparing(Expiry::at));

    LockedAuthorizationService(OAuth2AuthorizationService delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public synchronized void save(OAuth2Authorization authorization) {
        delegate.save(authorization);
        Instant usableUntil = lastTokenExpiry(authorization);
        if (usableUntil != null) {
            expiries.add(new Expiry(usableUntil, authorization.getId()));
        }
        forgetExpired();
    }

    @Override
    public synchronized void remove(OAuth2Authorization authorization) {
        delegate.remove(authorization);
    }

    @Override
    public synchronized OAuth2Authorization findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public synchronized OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return delegate.findByToken(token, tokenType);
    }

    private void forgetExpired() {
        Instant now = clock.instant();
        while (!expiries.isEmpty() && expiries.peek().at().isBefore(now)) {
            OAuth2Authorization stored = delegate.findById(expiries.poll().authorizationId());
            // Saved again since (a token refreshed, say): it is queued under its later expiry as well.
            Instant usableUntil = stored == null ? null : lastTokenExpiry(stored);
            if (usableUntil != null && !usableUntil.isAfter(now)) {
                delegate.remove(stored);
            }
        }
    }

    /** When the authorization's last token expires; null while it has none (a sign-in in progress). */
    private static Instant lastTokenExpiry(OAuth2Authorization authorization) {
        return Stream.of(authorization.getAccessToken(), authorization.getRefreshToken())
                .filter(Objects::nonNull)
                .map(token -> token.getToken().getExpiresAt())
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
    }
}
