package dev.sagaref.inventory;

import dev.sagaref.testsupport.ServiceArchitectureContract;

class InventoryArchitectureTest extends ServiceArchitectureContract {

    InventoryArchitectureTest() {
        super("dev.sagaref.inventory");
    }
}
