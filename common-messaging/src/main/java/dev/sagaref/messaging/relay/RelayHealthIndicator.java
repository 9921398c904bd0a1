package dev.sagaref.messaging.relay;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN when this instance should be relaying but its relay is not running, so a dead engine is never silent. A
 * standby is healthy: it is ready to take over.
 */
public class RelayHealthIndicator implements HealthIndicator {

    private final RelayLeadership leadership;

    public RelayHealthIndicator(RelayLeadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public Health health() {
        OutboxRelay relay = leadership.relay();
        // Read once: the role can change while this runs, and status and details must describe the same one.
        RelayLeadership.Role role = leadership.role();
        Health.Builder health = switch (role) {
            case STANDBY -> Health.up();
            case ACTIVE -> relay.isRunning() ? Health.up() : Health.down();
            case STOPPED -> Health.outOfService();
        };
        health.withDetail("mode", relay.mode()).withDetail("role", role);
        if (role == RelayLeadership.Role.ACTIVE) {
            health.withDetail("streaming", relay.isStreaming());
        }
        if (leadership.activeSince() != null) {
            health.withDetail("activeSince", leadership.activeSince().toString());
        }
        relay.lastFailure().ifPresent(failure -> health.withDetail("lastFailure", String.valueOf(failure)));
        return health.build();
    }
}
