package dev.sagaref.shipping.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sagaref.events.ShippingAddress;
import dev.sagaref.events.shipping.CancelShipment;
import dev.sagaref.events.shipping.ScheduleShipment;
import dev.sagaref.events.shipping.ShipmentCancelled;
import dev.sagaref.events.shipping.ShipmentRejected;
import dev.sagaref.events.shipping.ShipmentScheduled;
import dev.sagaref.events.shipping.ShippingReply;
import dev.sagaref.testsupport.RealInfrastructureConfiguration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.support.TransactionTemplate;

/** The shipping rules, against the real database: one shipment per order, served countries only, late cancels. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RealInfrastructureConfiguration.class)
class ShipmentRulesIT {

    private static final ShippingAddress BERLIN = new ShippingAddress("Ada", "1 Main St", "Berlin", "10115", "de");
    private static final ShippingAddress NOWHERE = new ShippingAddress("Ada", "1 Main St", "Atlantis", "0", "XX");

    @Autowired
    Shipments shipments;

    @Autowired
    TransactionTemplate transactions;

    private final UUID order = UUID.randomUUID();

    @Test
    void aRepeatedScheduleGetsTheFirstShipmentBack() {
        ShippingReply first = schedule(BERLIN);
        ShippingReply second = schedule(BERLIN);

        assertThat(first).isInstanceOf(ShipmentScheduled.class);
        assertThat(second).isEqualTo(first);
        assertThat(shipments.findByOrder(order))
                .singleElement()
                .satisfies(shipment -> assertThat(shipment.status()).isEqualTo(Shipment.Status.SCHEDULED));
    }

    @Test
    void anUnservedCountryIsRejectedWithoutARecord() {
        assertThat(schedule(NOWHERE)).isEqualTo(new ShipmentRejected(order, Shipments.UNSUPPORTED_DESTINATION));
        assertThat(shipments.findByOrder(order)).isEmpty();
    }

    @Test
    void aCancellationStopsAScheduledShipmentOnce() {
        schedule(BERLIN);

        assertThat(cancel()).isEqualTo(new ShipmentCancelled(order));
        assertThat(cancel()).isEqualTo(new ShipmentCancelled(order));
        assertThat(shipments.findByOrder(order))
                .singleElement()
                .satisfies(shipment -> assertThat(shipment.status()).isEqualTo(Shipment.Status.CANCELLED));
    }

    @Test
    void aCancellationThatOvertakesItsScheduleMakesTheLateScheduleARejection() {
        assertThat(cancel()).isEqualTo(new ShipmentCancelled(order));

        assertThat(schedule(BERLIN)).isEqualTo(new ShipmentRejected(order, Shipments.ORDER_CANCELLED));
        assertThat(shipments.findByOrder(order)).isEmpty();
    }

    private ShippingReply schedule(ShippingAddress address) {
        return transactions.execute(tx -> shipments.schedule(new ScheduleShipment(order, address)));
    }

    private ShipmentCancelled cancel() {
        return transactions.execute(tx -> shipments.cancel(new CancelShipment(order)));
    }
}
