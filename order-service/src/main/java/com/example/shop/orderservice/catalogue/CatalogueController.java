package com.example.shop.orderservice.catalogue;

import java.math.BigDecimal;
import java.util.List;

import com.example.shop.security.openapi.ApiAccess;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public catalogue: no token needed.
 */
@RestController
@Tag(name = "catalogue", description = "The products on sale; public")
class CatalogueController {

	private final ProductRepository products;

	CatalogueController(ProductRepository products) {
		this.products = products;
	}

	@GetMapping("/api/public/products")
	@Operation(operationId = "listProducts", summary = "The products on sale")
	@ApiAccess(anonymous = true)
	List<ProductView> products() {
		return this.products.findByActiveTrueOrderBySku().stream().map(ProductView::of).toList();
	}

	/**
	 * A product as the catalogue shows it.
	 *
	 * @param sku the product's id
	 * @param name its name
	 * @param price its price
	 * @param currency ISO 4217 code
	 */
	record ProductView(String sku, String name, BigDecimal price, String currency) {

		static ProductView of(Product product) {
			return new ProductView(product.getSku(), product.getName(), product.getPrice(), product.getCurrency());
		}

	}

}
