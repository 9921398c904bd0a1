package dev.sagaref.shipping;

import dev.sagaref.testsupport.ServiceArchitectureContract;

class ShippingArchitectureTest extends ServiceArchitectureContract {

    ShippingArchitectureTest() {
        super("dev.sagaref.shipping");
    }
}
