package dev.sagaref.payment.archfixture;

import dev.sagaref.order.archfixture.OrderThing;

/** Fixture: a payment class that uses an order-service class, which the architecture rules forbid. */
public class PeeksIntoOrders {
    OrderThing order = new OrderThing();
}
