package dev.kassa.catalog;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Products")
class ProductController {

	private final Catalog catalog;

	ProductController(Catalog catalog) {
		this.catalog = catalog;
	}

	@PostMapping("/api/v1/products")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a product with its barcodes; its first price starts the price history")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Catalog.ProductInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var response = catalog.createProduct(request, idempotencyKey);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/products")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "List products, oldest first; q searches names (match=contains or prefix, ignoring case and accents), category_id includes subcategories")
	Page<Product> list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String match,
			@RequestParam(name = "category_id", required = false) @Nullable UUID categoryId,
			@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		boolean prefix;
		if (match == null || match.equals("contains")) {
			prefix = false;
		}
		else if (match.equals("prefix")) {
			prefix = true;
		}
		else {
			throw ApiException.invalid("match", "must be contains or prefix");
		}
		return catalog.searchProducts(q, prefix, categoryId, active, cursor, limit);
	}

	@GetMapping("/api/v1/products/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Get a product; its ETag names this version, for If-Match on PUT")
	ResponseEntity<Product> get(@PathVariable UUID id) {
		var product = catalog.product(id);
		return ResponseEntity.ok().eTag(Catalog.etag(product)).body(product);
	}

	@GetMapping("/api/v1/products/by-barcode/{code}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Find the product with a barcode (the till's scan)")
	Product byBarcode(@PathVariable @Size(max = 64) String code) {
		return catalog.byBarcode(code);
	}

	@GetMapping("/api/v1/products/by-sku/{sku}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Find the product with a SKU, ignoring case")
	Product bySku(@PathVariable @Size(max = 64) String sku) {
		return catalog.bySku(sku);
	}

	@GetMapping("/api/v1/products/{id}/price-history")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "The prices a product has had, oldest first")
	Page<PriceChange> priceHistory(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return catalog.priceHistory(id, cursor, limit);
	}

	@PutMapping("/api/v1/products/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Replace a product's fields (barcodes: null keeps them); a new price is kept in the price "
			+ "history. With If-Match (the ETag of GET), a product changed since is refused with 412 and left as it is")
	ResponseEntity<Product> update(@PathVariable UUID id, @Valid @RequestBody Catalog.ProductInput request,
			@RequestHeader(name = "If-Match", required = false) @Size(max = 200) @Nullable String ifMatch) {
		var product = catalog.updateProduct(id, request, ifMatch);
		return ResponseEntity.ok().eTag(Catalog.etag(product)).body(product);
	}

	@PostMapping("/api/v1/products/{id}/deactivate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Deactivate a product: it can no longer be sold")
	Product deactivate(@PathVariable UUID id) {
		return catalog.setProductActive(id, false);
	}

	@PostMapping("/api/v1/products/{id}/activate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Activate a product again")
	Product activate(@PathVariable UUID id) {
		return catalog.setProductActive(id, true);
	}

	@DeleteMapping("/api/v1/products/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Delete a product; one that sales refer to is deactivated instead (200 with the product)")
	ResponseEntity<Product> delete(@PathVariable UUID id) {
		var removal = catalog.deleteProduct(id);
		return removal.deleted() ? ResponseEntity.noContent().build() : ResponseEntity.ok(removal.deactivated());
	}
}
