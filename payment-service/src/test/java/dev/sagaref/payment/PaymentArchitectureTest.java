package dev.sagaref.payment;

import dev.sagaref.testsupport.ServiceArchitectureContract;

class PaymentArchitectureTest extends ServiceArchitectureContract {

    PaymentArchitectureTest() {
        super("dev.sagaref.payment");
    }
}
