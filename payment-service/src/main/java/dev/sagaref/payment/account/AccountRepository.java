package dev.sagaref.payment.account;

import org.springframework.data.repository.CrudRepository;

/** Accounts by customer id; {@link Accounts#lock} takes the row lock a debit or credit needs. */
interface AccountRepository extends CrudRepository<Account, String> {}
