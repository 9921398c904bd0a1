package dev.sagaref.mismapped;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A mapping that disagrees with the migrations: the accounts table has no {@code nickname}. It lives outside the
 * payment-service packages so only the test that asks for it scans it.
 */
@Entity
@Table(name = "accounts")
public class MisMappedAccount {

    @Id
    private String customerId;

    private String nickname;
}
