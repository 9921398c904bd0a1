package dev.sagaref.payment.payment;

import dev.sagaref.events.Channels;
import dev.sagaref.events.payment.AuthorizePayment;
import dev.sagaref.events.payment.RefundPayment;
import dev.sagaref.messaging.warmup.ListenerWarmUp;
import dev.sagaref.messaging.warmup.ServiceWarmUp;
import dev.sagaref.payment.account.Accounts;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A charge and its refund, for an account opened for the purpose, through the command listener before the service
 * reports ready; all of it rolled back ({@link ListenerWarmUp}).
 */
@Component
class PaymentWarmUp implements ServiceWarmUp {

    private final Accounts accounts;

    PaymentWarmUp(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void run(SampleMessages messages) {
        UUID order = UUID.randomUUID();
        UUID saga = UUID.randomUUID();
        String customer = ListenerWarmUp.INITIATED_BY + "-" + order;
        accounts.setBalance(customer, 100);
        messages.deliver(Channels.PAYMENT_COMMANDS, order, saga, new AuthorizePayment(order, customer, 1));
        messages.deliver(Channels.PAYMENT_COMMANDS, order, saga, new RefundPayment(order, customer, 1));
    }
}
