package dev.sagaref.inventory.product;

import jakarta.persistence.LockModeType;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.CrudRepository;

interface ProductRepository extends CrudRepository<Product, String> {

    /**
     * Locked in SKU order: concurrent orders for the same products (on different partitions) take the locks in the
     * same order, so they queue instead of deadlocking, and none of them fails on a version check.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Product p where p.sku in :skus order by p.sku")
    List<Product> findAllForUpdate(Collection<String> skus);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select p from Product p where p.sku = :sku")
    Optional<Product> findForUpdate(String sku);
}
