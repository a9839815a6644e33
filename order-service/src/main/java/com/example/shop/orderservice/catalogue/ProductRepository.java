package com.example.shop.orderservice.catalogue;

import java.util.Collection;
import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The catalogue's products.
 */
public interface ProductRepository extends JpaRepository<Product, String> {

	List<Product> findByActiveTrueOrderBySku();

	List<Product> findBySkuInAndActiveTrue(Collection<String> skus);

}
