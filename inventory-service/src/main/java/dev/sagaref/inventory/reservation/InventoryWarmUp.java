package dev.sagaref.inventory.reservation;

import dev.sagaref.events.Channels;
import dev.sagaref.events.OrderLine;
import dev.sagaref.events.inventory.ReleaseStock;
import dev.sagaref.events.inventory.ReserveStock;
import dev.sagaref.inventory.product.Products;
import dev.sagaref.messaging.warmup.ListenerWarmUp;
import dev.sagaref.messaging.warmup.ServiceWarmUp;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A reservation and its release, of a product stocked for the purpose, through the command listener before the
 * service reports ready; all of it rolled back ({@link ListenerWarmUp}).
 */
@Component
class InventoryWarmUp implements ServiceWarmUp {

    private final Products products;

    InventoryWarmUp(Products products) {
        this.products = products;
    }

    @Override
    public void run(SampleMessages messages) {
        UUID order = UUID.randomUUID();
        UUID saga = UUID.randomUUID();
        String sku = ListenerWarmUp.INITIATED_BY + "-" + order;
        products.put(sku, "Warm-up", 1);
        messages.deliver(
                Channels.INVENTORY_COMMANDS, order, saga, new ReserveStock(order, List.of(new OrderLine(sku, 1, 1))));
        messages.deliver(Channels.INVENTORY_COMMANDS, order, saga, new ReleaseStock(order));
    }
}
