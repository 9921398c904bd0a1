package dev.sagaref.shipping.shipment;

import dev.sagaref.events.Channels;
import dev.sagaref.events.ShippingAddress;
import dev.sagaref.events.shipping.CancelShipment;
import dev.sagaref.events.shipping.ScheduleShipment;
import dev.sagaref.messaging.warmup.ListenerWarmUp;
import dev.sagaref.messaging.warmup.ServiceWarmUp;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A shipment to a served country and its cancellation, through the command listener before the service reports
 * ready; all of it rolled back ({@link ListenerWarmUp}).
 */
@Component
class ShippingWarmUp implements ServiceWarmUp {

    private final String servedCountry;

    ShippingWarmUp(@Value("${shipping.supported-countries}") List<String> supportedCountries) {
        this.servedCountry = supportedCountries.get(0).trim();
    }

    @Override
    public void run(SampleMessages messages) {
        UUID order = UUID.randomUUID();
        UUID saga = UUID.randomUUID();
        ShippingAddress address =
                new ShippingAddress(ListenerWarmUp.INITIATED_BY, "1 Sample Street", "Sample", "0000", servedCountry);
        messages.deliver(Channels.SHIPPING_COMMANDS, order, saga, new ScheduleShipment(order, address));
        messages.deliver(Channels.SHIPPING_COMMANDS, order, saga, new CancelShipment(order));
    }
}
