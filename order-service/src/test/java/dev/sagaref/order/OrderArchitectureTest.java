package dev.sagaref.order;

import dev.sagaref.testsupport.ServiceArchitectureContract;

class OrderArchitectureTest extends ServiceArchitectureContract {

    OrderArchitectureTest() {
        super("dev.sagaref.order");
    }
}
