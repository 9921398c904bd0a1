package dev.sagaref.auth;

import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring's in-memory authorization store behind one lock. Its map of authorizations in progress is a plain
 * {@code LinkedHashMap}: two hundred customers signing in at once (a system test) threw
 * {@code ConcurrentModificationException} from the token endpoint. Sign-ins are few and short, so one lock costs
 * nothing that matters; a deployment with its own identity provider does not run this at all.
 */
final class LockedAuthorizationService implements OAuth2AuthorizationService {

    private final OAuth2AuthorizationService delegate;

    LockedAuthorizationService(OAuth2AuthorizationService delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized void save(OAuth2Authorization authorization) {
        delegate.save(authorization);
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
}
