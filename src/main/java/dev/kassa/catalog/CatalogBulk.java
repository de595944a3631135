package dev.kassa.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.apache.commons.csv.CSVPrinter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;

/**
 * Changes of many products at once (prices of a category tree, the active flag) and the CSV export.
 * Each change is one transaction with one event that names the count; changed prices get their price
 * history rows.
 */
@Service
class CatalogBulk {

	static final int MAX_IDS = 10_000;

	private static final int EXPORT_PAGE = 1000;

	private static final int NEGATIVES_LISTED = 100;

	private final BulkProductStore products;

	private final CategoryStore categories;

	private final TaxClassStore taxClasses;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	CatalogBulk(BulkProductStore products, CategoryStore categories, TaxClassStore taxClasses, EventLog events,
			TransactionTemplate transactions) {
		this.products = products;
		this.categories = categories;
		this.taxClasses = taxClasses;
		this.events = events;
		this.transactions = transactions;
	}

	/**
	 * A price change of every product in a category and its subcategories: exactly one of {@code percent}
	 * (e.g. 10 or -12.5) and {@code amount} (e.g. 5.00 or -2.50), negative for down.
	 */
	public record PriceChangeInput(@Nullable UUID categoryId,
			@Nullable @DecimalMin("-100000") @DecimalMax("100000") @Digits(integer = 6, fraction = 4) BigDecimal percent,
			@Nullable @DecimalMin("-9999999999.99") @DecimalMax("9999999999.99") @Digits(integer = 10, fraction = 2) BigDecimal amount) {
	}

	/** Products to activate or deactivate: by ids (at most 10,000) or a category with its subcategories. */
	public record SelectionInput(@Nullable @Size(max = MAX_IDS) List<@NotNull UUID> ids, @Nullable UUID categoryId) {
	}

	/** What a bulk change did. */
	public record BulkResult(int matched, int changed) {
	}

	/**
	 * New price: {@code round(price * (100 + percent) / 100, 2)}, halves away from zero, or price + amount.
	 * Refused (422, naming them) when any product would go below zero; nothing changes then.
	 */
	public BulkResult changePrices(PriceChangeInput input) {
		if (input.categoryId() == null) {
			throw ApiException.invalid("category_id", "is required");
		}
		if ((input.percent() == null) == (input.amount() == null)) {
			throw ApiException.invalid(input.percent() == null ? "percent" : "amount",
					"give exactly one of percent and amount");
		}
		var change = input.percent() != null ? input.percent() : input.amount();
		if (change.signum() == 0) {
			throw ApiException.invalid(input.percent() != null ? "percent" : "amount", "must not be zero");
		}
		UUID categoryId = input.categoryId();
		return transactions.execute(tx -> {
			if (!categories.exists(categoryId)) {
				throw ApiException.unprocessable("unknown_category", "Category " + categoryId + " does not exist",
						"category_id");
			}
			int matched = (int) products.lockCategory(categoryId);
			var negatives = products.wouldGoNegative(categoryId, input.percent(), input.amount(), NEGATIVES_LISTED);
			if (!negatives.isEmpty()) {
				long count = products.countNegative(categoryId, input.percent(), input.amount());
				var listed = negatives.stream().map(negative -> {
					var product = new LinkedHashMap<String, Object>();
					product.put("id", negative.id());
					product.put("sku", negative.sku());
					product.put("price", negative.price());
					product.put("new_price", negative.newPrice());
					return product;
				}).toList();
				throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "price_below_zero",
						count + " products would get a price below zero (the first " + listed.size()
								+ " by SKU are listed); nothing was changed",
						List.of(new ApiException.FieldError(input.percent() != null ? "percent" : "amount",
								"would take " + count + " prices below zero")),
						Map.of("products", listed, "count", count));
			}
			int changed = products.changePrices(categoryId, input.percent(), input.amount(), clock.instant(),
					CurrentUser.currentId());
			var payload = new LinkedHashMap<String, Object>();
			payload.put("category_id", categoryId);
			payload.put("percent", input.percent());
			payload.put("amount", input.amount());
			payload.put("matched", matched);
			payload.put("changed", changed);
			events.append("catalog.prices_changed", "category", categoryId, null, payload);
			return new BulkResult(matched, changed);
		});
	}

	/** Sets the active flag of the selected products; unknown ids are refused (422) and nothing changes. */
	public BulkResult setActive(SelectionInput input, boolean active) {
		if ((input.ids() == null) == (input.categoryId() == null)) {
			throw ApiException.invalid(input.ids() == null ? "ids" : "category_id",
					"give exactly one of ids and category_id");
		}
		if (input.ids() != null && input.ids().isEmpty()) {
			throw ApiException.invalid("ids", "must not be empty");
		}
		var type = active ? "catalog.products_activated" : "catalog.products_deactivated";
		return transactions.execute(tx -> {
			var now = clock.instant();
			int matched;
			int changed;
			UUID aggregate;
			if (input.ids() != null) {
				var ids = new java.util.TreeSet<>(input.ids());
				var unknown = products.unknown(ids);
				if (!unknown.isEmpty()) {
					throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "unknown_product",
							unknown.size() + " of the ids are no product; nothing was changed",
							List.of(new ApiException.FieldError("ids", "has unknown products")),
							Map.of("unknown_ids", unknown.stream().limit(NEGATIVES_LISTED).toList()));
				}
				matched = ids.size();
				changed = products.setActive(ids, active, now);
				aggregate = ids.first();
			}
			else {
				UUID categoryId = Objects.requireNonNull(input.categoryId(), "validated: ids or category_id");
				if (!categories.exists(categoryId)) {
					throw ApiException.unprocessable("unknown_category",
							"Category " + categoryId + " does not exist", "category_id");
				}
				matched = (int) products.lockCategory(categoryId);
				changed = products.setActive(categoryId, active, now);
				aggregate = categoryId;
			}
			var payload = new LinkedHashMap<String, Object>();
			payload.put("category_id", input.categoryId());
			payload.put("ids", input.ids() == null ? null : input.ids().size());
			payload.put("matched", matched);
			payload.put("changed", changed);
			events.append(type, input.ids() != null ? "product" : "category", aggregate, null, payload);
			return new BulkResult(matched, changed);
		});
	}

	/** Refuses (422) an export filter by a category that does not exist, before anything is written. */
	public void checkExport(@Nullable UUID categoryId) {
		if (categoryId != null && !categories.exists(categoryId)) {
			throw ApiException.unprocessable("unknown_category", "Category " + categoryId + " does not exist",
					"category_id");
		}
	}

	/**
	 * Writes the products as CSV in the import's columns, a page at a time (memory does not grow with the
	 * catalog), so that the file imports back unchanged.
	 */
	public void export(@Nullable UUID categoryId, @Nullable Boolean active, Appendable out) {
		var references = ProductCsv.References.of(categories.all(), taxClasses.all());
		try {
			var printer = new CSVPrinter(out, ProductCsv.FORMAT);
			printer.printRecord(java.util.Arrays.stream(ProductCsv.Column.values()).map(ProductCsv.Column::header).toList());
			UUID after = null;
			while (true) {
				var page = products.page(categoryId, active, after, EXPORT_PAGE);
				for (var product : page) {
					printer.printRecord(ProductCsv.cells(product.values(), references));
				}
				if (page.size() < EXPORT_PAGE) {
					break;
				}
				after = page.getLast().id();
				printer.flush();
			}
			printer.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}
}
