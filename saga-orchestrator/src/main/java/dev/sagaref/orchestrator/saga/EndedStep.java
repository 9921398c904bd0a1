package dev.sagaref.orchestrator.saga;

import dev.sagaref.orchestrator.saga.OrderSagaInstance.TimelineEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * A step of a saga that has ended, one row of {@code saga_steps}. Written once, when the step ends, and never
 * changed; only people reading a saga's timeline load these (see {@link OrderSagaInstance}).
 */
@Entity
@Table(name = "saga_steps")
@IdClass(EndedStep.Key.class)
@Immutable
class EndedStep {

    @Id
    @Column(name = "saga_id")
    private UUID sagaId;

    /** 0 for the saga's first step. */
    @Id
    private int position;

    /** Only there for the saga's side of the relation ({@code mappedBy}); the id above writes the column. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "saga_id", insertable = false, updatable = false)
    private OrderSagaInstance saga;

    private String name;
    private String status;
    private int attempts;
    private Instant startedAt;
    private Instant endedAt;
    private String initiatedBy;

    protected EndedStep() {}

    EndedStep(OrderSagaInstance saga, int position, TimelineEntry entry) {
        this.saga = saga;
        this.sagaId = saga.id();
        this.position = position;
        this.name = entry.name();
        this.status = entry.status();
        this.attempts = entry.attempts();
        this.startedAt = entry.startedAt();
        this.endedAt = entry.endedAt();
        this.initiatedBy = entry.initiatedBy();
    }

    TimelineEntry toEntry() {
        return new TimelineEntry(name, status, attempts, startedAt, endedAt, initiatedBy);
    }

    /** The composite primary key, as JPA's {@link IdClass} wants it: same names and types as the id fields. */
    static class Key implements Serializable {
        private UUID sagaId;
        private int position;

        protected Key() {}

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && position == key.position && Objects.equals(sagaId, key.sagaId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sagaId, position);
        }
    }
}
