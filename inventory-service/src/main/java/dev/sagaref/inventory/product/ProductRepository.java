package dev.sagaref.inventory.product;

import org.springframework.data.repository.CrudRepository;

/** Products by SKU; {@link Products#lock} takes the row locks a reservation needs. */
interface ProductRepository extends CrudRepository<Product, String> {}
