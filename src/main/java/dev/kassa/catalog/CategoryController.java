package dev.kassa.catalog;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.Page;

@RestController
@Tag(name = "Categories")
class CategoryController {

	private final Catalog catalog;

	CategoryController(Catalog catalog) {
		this.catalog = catalog;
	}

	@PostMapping("/api/v1/categories")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a category, at the top or below a parent")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Catalog.CategoryInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var response = catalog.createCategory(request, idempotencyKey);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/categories")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "List categories, oldest first; parent_id lists one's children, top=true the top level")
	Page<Category> list(@RequestParam(name = "parent_id", required = false) @Nullable UUID parentId,
			@RequestParam(required = false, defaultValue = "false") boolean top,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return catalog.categories(parentId, top, cursor, limit);
	}

	@GetMapping("/api/v1/categories/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@Operation(summary = "Get a category")
	Category get(@PathVariable UUID id) {
		return catalog.category(id);
	}

	@PutMapping("/api/v1/categories/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Rename or move a category; it cannot move below itself")
	Category update(@PathVariable UUID id, @Valid @RequestBody Catalog.CategoryInput request) {
		return catalog.updateCategory(id, request);
	}

	@DeleteMapping("/api/v1/categories/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a category without subcategories or products")
	void delete(@PathVariable UUID id) {
		catalog.deleteCategory(id);
	}
}
