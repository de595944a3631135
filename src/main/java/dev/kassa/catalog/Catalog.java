package dev.kassa.catalog;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;

/**
 * The catalog's public surface: products (with barcodes and price history), categories and tax classes.
 * Every change runs in one transaction with one event; product changes lock the product row first.
 */
@Service
public class Catalog {

	/** The GST slabs, in percent. */
	public static final Set<BigDecimal> GST_RATES = Set.of(new BigDecimal("0"), new BigDecimal("0.25"),
			new BigDecimal("3"), new BigDecimal("5"), new BigDecimal("12"), new BigDecimal("18"),
			new BigDecimal("28"));

	static final int MAX_BARCODES = 20;

	private final ProductStore products;

	private final CategoryStore categories;

	private final TaxClassStore taxClasses;

	private final List<ProductReferences> references;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Catalog(ProductStore products, CategoryStore categories, TaxClassStore taxClasses, List<ProductReferences> references,
			EventLog events, TransactionTemplate transactions, Idempotency idempotency) {
		this.products = products;
		this.categories = categories;
		this.taxClasses = taxClasses;
		this.references = references;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
	}

	/** A product as a client writes it. On update, {@code barcodes} null keeps the current ones. */
	public record ProductInput(
			@NotBlank @Size(max = 64) @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be visible ASCII without spaces") String sku,
			@NotBlank @Size(max = 200) String name,
			@Size(max = 4000) @Nullable String description,
			@Nullable UUID categoryId,
			@NotNull Unit unit,
			@NotNull @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal price,
			@NotNull Boolean priceIncludesTax,
			@NotNull UUID taxClassId,
			@Nullable @Pattern(regexp = "[0-9]{4,8}", message = "must be 4 to 8 digits") String hsnCode,
			@Nullable Boolean trackStock,
			@Nullable Boolean allowNegativeStock,
			@Nullable @Size(max = MAX_BARCODES) List<@NotBlank @Size(max = 64) @Pattern(regexp = "[\\x21-\\x7e]+", message = "must be visible ASCII without spaces") String> barcodes) {
	}

	public record CategoryInput(@NotBlank @Size(max = 100) String name, @Nullable UUID parentId,
			@Size(max = 1000) @Nullable String description) {
	}

	public record TaxClassInput(
			@NotBlank @Size(max = 32) @Pattern(regexp = "[A-Z0-9_]+", message = "must be upper-case letters, digits or _") String code,
			@NotBlank @Size(max = 100) String name,
			@NotNull TaxKind kind,
			@NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 3) BigDecimal rate,
			@Nullable @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 3) BigDecimal cessRate,
			@Nullable Boolean active) {
	}

	/** What a delete did: removed the product, or only deactivated it because records refer to it. */
	public record Removal(UUID id, boolean deleted, @Nullable Product deactivated) {
	}

	// Products

	public Product product(UUID id) {
		return products.find(id).orElseThrow(() -> ApiException.notFound("Product", id));
	}

	/** Products by id, with their tax rates, in one query; ids that do not exist are absent. */
	public Map<UUID, Product> products(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		var found = new LinkedHashMap<UUID, Product>();
		products.byIds(new HashSet<>(ids)).forEach(product -> found.put(product.id(), product));
		return found;
	}

	public Product byBarcode(String code) {
		return products.byBarcode(code).orElseThrow(() -> ApiException.notFound("Barcode", code));
	}

	public Product bySku(String sku) {
		return products.bySku(sku).orElseThrow(() -> ApiException.notFound("SKU", sku));
	}

	public Page<Product> searchProducts(@Nullable String query, boolean prefix, @Nullable UUID categoryId,
			@Nullable Boolean active, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		var text = query == null || query.isBlank() ? null : query.strip();
		if (text != null && text.length() > 200) {
			throw ApiException.invalid("q", "must have at most 200 characters");
		}
		if (categoryId != null && !categories.exists(categoryId)) {
			throw ApiException.unprocessable("unknown_category", "Category " + categoryId + " does not exist",
					"category_id");
		}
		var filter = new ProductStore.Filter(prefix ? text : null, prefix ? null : text, categoryId, active);
		return Page.of(products.page(filter, Page.decodeId(cursor), size + 1), size, p -> p.id().toString());
	}

	/** A price a product had from {@code since} on (until its next change). */
	public record PriceAt(BigDecimal price, Instant since) {
	}

	/**
	 * The prices each product had from {@code from} until now, oldest first: the one in effect at {@code from}
	 * (when the history reaches back so far) and every change after it. A product with no history is absent.
	 */
	public Map<UUID, List<PriceAt>> pricesSince(Collection<UUID> productIds, Instant from) {
		return products.pricesSince(productIds, from);
	}

	public Page<PriceChange> priceHistory(UUID productId, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		product(productId);
		return Page.of(products.prices(productId, Page.decodeId(cursor), size + 1), size, c -> c.id().toString());
	}

	public Idempotency.Response createProduct(ProductInput input, @Nullable String idempotencyKey) {
		var barcodes = barcodes(input.barcodes());
		return uniquely(() -> idempotency.run("product:create:" + CurrentUser.currentId(), idempotencyKey, input,
				HttpStatus.CREATED, () -> {
					var now = clock.instant();
					var tax = checkReferences(input);
					checkSkuFree(input.sku(), null);
					checkBarcodesFree(barcodes, null);
					var product = new Product(Ids.next(), input.sku().strip(), input.name().strip(),
							blankToNull(input.description()), input.categoryId(), input.unit(), input.price(),
							input.priceIncludesTax(), tax.id(), tax.rate(), tax.cessRate(), input.hsnCode(),
							input.trackStock() == null || input.trackStock(),
							input.allowNegativeStock() != null && input.allowNegativeStock(), true, barcodes, now, now);
					products.insert(product);
					products.replaceBarcodes(product.id(), barcodes, now);
					products.recordPrice(new PriceChange(Ids.next(), product.id(), product.price(),
							product.priceIncludesTax(), now, CurrentUser.currentId()));
					var created = product(product.id());
					events.append("product.created", "product", created.id(), null, created);
					return created;
				}));
	}

	/**
	 * Replaces a product's fields. The event is {@code product.price_changed} when the price (or whether it
	 * includes tax) changed, else {@code product.updated}; the active flag is left as it is.
	 */
	public Product updateProduct(UUID id, ProductInput input) {
		return updateProduct(id, input, null);
	}

	/**
	 * As {@link #updateProduct(UUID, ProductInput)}, and when {@code ifMatch} is given (an If-Match header: ETags,
	 * comma-separated, or {@code *}), only while the product is still the version one of them names: checked under
	 * the row's lock, so of two edits made from the same read exactly one lands and the other gets 412.
	 */
	public Product updateProduct(UUID id, ProductInput input, @Nullable String ifMatch) {
		var barcodes = input.barcodes() == null ? null : barcodes(input.barcodes());
		return uniquely(() -> transactions.execute(tx -> {
			if (!products.lock(id)) {
				throw ApiException.notFound("Product", id);
			}
			var current = product(id);
			if (ifMatch != null && !matches(ifMatch, etag(current))) {
				throw new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition_failed",
						"The product was changed since it was read (its ETag is now " + etag(current)
								+ "): read it again and make the change on what it is now");
			}
			var tax = checkReferences(input);
			checkSkuFree(input.sku(), id);
			var now = clock.instant();
			var changed = new Product(id, input.sku().strip(), input.name().strip(), blankToNull(input.description()),
					input.categoryId(), input.unit(), input.price(), input.priceIncludesTax(), tax.id(), tax.rate(),
					tax.cessRate(), input.hsnCode(),
					input.trackStock() == null ? current.trackStock() : input.trackStock(),
					input.allowNegativeStock() == null ? current.allowNegativeStock() : input.allowNegativeStock(),
					current.active(), current.barcodes(), current.createdAt(), now);
			products.update(changed);
			if (barcodes != null) {
				checkBarcodesFree(barcodes, id);
				products.replaceBarcodes(id, barcodes, now);
			}
			boolean priceChanged = current.price().compareTo(changed.price()) != 0
					|| current.priceIncludesTax() != changed.priceIncludesTax();
			if (priceChanged) {
				products.recordPrice(new PriceChange(Ids.next(), id, changed.price(), changed.priceIncludesTax(), now,
						CurrentUser.currentId()));
			}
			var result = product(id);
			if (priceChanged) {
				var payload = new LinkedHashMap<String, Object>();
				payload.put("previous_price", current.price());
				payload.put("previous_price_includes_tax", current.priceIncludesTax());
				payload.put("product", result);
				events.append("product.price_changed", "product", id, null, payload);
			}
			else {
				events.append("product.updated", "product", id, null, result);
			}
			return result;
		}));
	}

	/**
	 * The product's version as an entity tag: its last change to the microsecond, which every write of the
	 * product's row moves on (PostgreSQL keeps microseconds, so two writes never share one).
	 */
	static String etag(Product product) {
		var at = product.updatedAt();
		return "\"" + Long.toString(at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000, 36) + "\"";
	}

	/** Whether an If-Match header names the tag: one of its comma-separated tags (weak ones never match), or *. */
	private static boolean matches(String ifMatch, String etag) {
		for (var tag : ifMatch.split(",")) {
			var t = tag.strip();
			if (t.equals("*") || t.equals(etag)) {
				return true;
			}
		}
		return false;
	}

	public Product setProductActive(UUID id, boolean active) {
		return transactions.execute(tx -> {
			if (!products.lock(id)) {
				throw ApiException.notFound("Product", id);
			}
			return setActive(product(id), active);
		});
	}

	private Product setActive(Product current, boolean active) {
		var changed = new Product(current.id(), current.sku(), current.name(), current.description(),
				current.categoryId(), current.unit(), current.price(), current.priceIncludesTax(),
				current.taxClassId(), current.taxRate(), current.cessRate(), current.hsnCode(), current.trackStock(),
				current.allowNegativeStock(), active, current.barcodes(), current.createdAt(), clock.instant());
		products.update(changed);
		var result = product(current.id());
		events.append(active ? "product.activated" : "product.deactivated", "product", current.id(), null, result);
		return result;
	}

	/**
	 * Deletes a product that nothing refers to; one that sales refer to is deactivated instead, so that
	 * its history stays readable.
	 */
	public Removal deleteProduct(UUID id) {
		return transactions.execute(tx -> {
			if (!products.lock(id)) {
				throw ApiException.notFound("Product", id);
			}
			var current = product(id);
			long referenced = references.stream().mapToLong(r -> r.count(id)).sum();
			if (referenced > 0) {
				return new Removal(id, false, current.active() ? setActive(current, false) : current);
			}
			products.delete(id);
			events.append("product.deleted", "product", id, null, current);
			return new Removal(id, true, null);
		});
	}

	private TaxClass checkReferences(ProductInput input) {
		if (input.categoryId() != null && !categories.exists(input.categoryId())) {
			throw ApiException.unprocessable("unknown_category", "Category " + input.categoryId() + " does not exist",
					"category_id");
		}
		var tax = taxClasses.find(input.taxClassId())
			.orElseThrow(() -> ApiException.unprocessable("unknown_tax_class",
					"Tax class " + input.taxClassId() + " does not exist", "tax_class_id"));
		if (!tax.active()) {
			throw ApiException.unprocessable("inactive_tax_class", "Tax class " + tax.code() + " is inactive",
					"tax_class_id");
		}
		return tax;
	}

	private void checkSkuFree(String sku, @Nullable UUID self) {
		products.skuOwner(sku.strip()).filter(owner -> !owner.equals(self)).ifPresent(owner -> {
			throw duplicate("sku", "SKU " + sku.strip() + " is already used by product " + owner);
		});
	}

	private void checkBarcodesFree(List<String> codes, @Nullable UUID self) {
		if (codes.isEmpty()) {
			return;
		}
		products.barcodeOfAnother(codes, self).ifPresent(owner -> {
			throw duplicate("barcodes",
					"Barcode " + owner.getKey() + " is already used by product " + owner.getValue());
		});
	}

	private static List<String> barcodes(@Nullable List<String> given) {
		if (given == null) {
			return List.of();
		}
		var seen = new HashSet<String>();
		for (int i = 0; i < given.size(); i++) {
			if (!seen.add(given.get(i))) {
				throw ApiException.invalid("barcodes[" + i + "]", "repeats barcode " + given.get(i));
			}
		}
		return given.stream().sorted().toList();
	}

	static ApiException duplicate(String field, String detail) {
		return new ApiException(HttpStatus.CONFLICT, "duplicate_" + field.replaceAll("s$", ""), detail,
				List.of(new ApiException.FieldError(field, "is already used")), Map.of());
	}

	/** A unique index that a concurrent writer won becomes the same 409 as the check before it. */
	private static <T> T uniquely(Supplier<T> work) {
		try {
			return work.get();
		}
		catch (DuplicateKeyException ex) {
			var message = String.valueOf(ex.getMostSpecificCause().getMessage());
			if (message.contains("products_sku")) {
				throw duplicate("sku", "The SKU is already used by another product");
			}
			if (message.contains("product_barcodes_pkey")) {
				throw duplicate("barcodes", "A barcode is already used by another product");
			}
			if (message.contains("categories_sibling_name")) {
				throw duplicate("name", "A category of that name already exists there");
			}
			if (message.contains("tax_classes_code")) {
				throw duplicate("code", "A tax class with that code already exists");
			}
			throw ex;
		}
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

	// Categories

	public Category category(UUID id) {
		return categories.find(id).orElseThrow(() -> ApiException.notFound("Category", id));
	}

	public Page<Category> categories(@Nullable UUID parentId, boolean topOnly, @Nullable String cursor,
			@Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(categories.page(Page.decodeId(cursor), parentId, topOnly, size + 1), size,
				c -> c.id().toString());
	}

	public Idempotency.Response createCategory(CategoryInput input, @Nullable String idempotencyKey) {
		return uniquely(() -> idempotency.run("category:create:" + CurrentUser.currentId(), idempotencyKey, input,
				HttpStatus.CREATED, () -> {
					var name = input.name().strip();
					checkParent(input.parentId(), null);
					if (categories.nameTaken(input.parentId(), name, null)) {
						throw duplicate("name", "A category named " + name + " already exists there");
					}
					var now = clock.instant();
					var category = new Category(Ids.next(), input.parentId(), name, blankToNull(input.description()),
							now, now);
					categories.insert(category);
					events.append("category.created", "category", category.id(), null, category);
					return category;
				}));
	}

	public Category updateCategory(UUID id, CategoryInput input) {
		return uniquely(() -> transactions.execute(tx -> {
			var current = categories.lock(id).orElseThrow(() -> ApiException.notFound("Category", id));
			var name = input.name().strip();
			checkParent(input.parentId(), id);
			if (categories.nameTaken(input.parentId(), name, id)) {
				throw duplicate("name", "A category named " + name + " already exists there");
			}
			var changed = new Category(id, input.parentId(), name, blankToNull(input.description()),
					current.createdAt(), clock.instant());
			categories.update(changed);
			events.append("category.updated", "category", id, null, changed);
			return category(id);
		}));
	}

	/** Deletes an empty category: one with subcategories or products is refused. */
	public void deleteCategory(UUID id) {
		transactions.executeWithoutResult(tx -> {
			var current = categories.lock(id).orElseThrow(() -> ApiException.notFound("Category", id));
			if (categories.children(id) > 0) {
				throw ApiException.conflict("category_not_empty", "Category " + id + " has subcategories");
			}
			if (products.page(new ProductStore.Filter(null, null, id, null), null, 1).size() > 0) {
				throw ApiException.conflict("category_not_empty", "Category " + id + " has products");
			}
			categories.delete(id);
			events.append("category.deleted", "category", id, null, current);
		});
	}

	private void checkParent(@Nullable UUID parentId, @Nullable UUID self) {
		if (parentId == null) {
			return;
		}
		if (!categories.exists(parentId)) {
			throw ApiException.unprocessable("unknown_category", "Category " + parentId + " does not exist",
					"parent_id");
		}
		if (self != null && categories.isWithin(parentId, self)) {
			throw ApiException.unprocessable("category_cycle",
					"Category " + parentId + " is this category or lies below it", "parent_id");
		}
	}

	// Tax classes

	public TaxClass taxClass(UUID id) {
		return taxClasses.find(id).orElseThrow(() -> ApiException.notFound("Tax class", id));
	}

	public Page<TaxClass> taxClasses(@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(taxClasses.page(Page.decodeId(cursor), size + 1), size, t -> t.id().toString());
	}

	public Idempotency.Response createTaxClass(TaxClassInput input, @Nullable String idempotencyKey) {
		checkRates(input);
		return uniquely(() -> idempotency.run("tax_class:create:" + CurrentUser.currentId(), idempotencyKey, input,
				HttpStatus.CREATED, () -> {
					if (taxClasses.codeTaken(input.code(), null)) {
						throw duplicate("code", "Tax class " + input.code() + " already exists");
					}
					var now = clock.instant();
					var tax = new TaxClass(Ids.next(), input.code(), input.name().strip(), input.kind(),
							TaxClassStore.plain(input.rate()), cess(input), input.active() == null || input.active(),
							now, now);
					taxClasses.insert(tax);
					events.append("tax_class.created", "tax_class", tax.id(), null, tax);
					return tax;
				}));
	}

	/** Changes a tax class; products of the class are priced with the new rates from then on. */
	public TaxClass updateTaxClass(UUID id, TaxClassInput input) {
		checkRates(input);
		return uniquely(() -> transactions.execute(tx -> {
			var current = taxClasses.lock(id).orElseThrow(() -> ApiException.notFound("Tax class", id));
			if (taxClasses.codeTaken(input.code(), id)) {
				throw duplicate("code", "Tax class " + input.code() + " already exists");
			}
			var changed = new TaxClass(id, input.code(), input.name().strip(), input.kind(),
					TaxClassStore.plain(input.rate()), cess(input),
					input.active() == null ? current.active() : input.active(), current.createdAt(), clock.instant());
			taxClasses.update(changed);
			events.append("tax_class.updated", "tax_class", id, null, changed);
			return taxClass(id);
		}));
	}

	private static BigDecimal cess(TaxClassInput input) {
		return input.cessRate() == null ? BigDecimal.ZERO : TaxClassStore.plain(input.cessRate());
	}

	private static void checkRates(TaxClassInput input) {
		if (input.kind() == TaxKind.GST
				&& GST_RATES.stream().noneMatch(rate -> rate.compareTo(input.rate()) == 0)) {
			throw ApiException.invalid("rate", "must be a GST rate: 0, 0.25, 3, 5, 12, 18 or 28");
		}
		if (input.kind() == TaxKind.PLAIN && input.cessRate() != null && input.cessRate().signum() != 0) {
			throw ApiException.invalid("cess_rate", "applies only to GST classes");
		}
	}
}
