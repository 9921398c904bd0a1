package dev.sagaref.messaging.archfixture;

import dev.sagaref.order.archfixture.OrderThing;

/** Fixture: shared messaging code that knows a service, which the architecture rules forbid. */
public class KnowsAService {
    OrderThing order = new OrderThing();
}
