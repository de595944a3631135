package dev.kassa.sales;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import dev.kassa.catalog.Catalog;
import dev.kassa.catalog.Product;
import dev.kassa.customers.Customers;
import dev.kassa.identity.Approvals;
import dev.kassa.inventory.StockLine;
import dev.kassa.organization.Location;
import dev.kassa.organization.Locations;
import dev.kassa.organization.OrganizationProfile;
import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Role;

/**
 * Prices what a sale, an order or an estimate asks for, the same way for all three: checks the location,
 * the products, price overrides and quantities, prices with {@link SalePricing} and compares the client's
 * figures. Reads only, but for using up a MANAGER's approval ({@link #APPROVAL_HEADER}) of a discount or
 * price above the user's limit; the caller writes.
 */
@Component
class Quotes {

	private final Catalog catalog;

	private final Locations locations;

	private final OrganizationService organization;

	private final Customers customers;

	private final SaleSettings settings;

	private final Approvals approvals;

	/** The header carrying a MANAGER's approval token ({@code POST /api/v1/approvals}), used up by one request. */
	static final String APPROVAL_HEADER = "Kassa-Approval";

	Quotes(Catalog catalog, Locations locations, OrganizationService organization, Customers customers,
			SaleSettings settings, Approvals approvals) {
		this.approvals = approvals;
		this.catalog = catalog;
		this.locations = locations;
		this.organization = organization;
		this.customers = customers;
		this.settings = settings;
	}

	/** What is priced: the parts of a sale request that decide its figures. */
	record Request(UUID locationId, @Nullable String placeOfSupply, List<Sales.NewLine> lines,
			@Nullable BigDecimal discount, @Nullable Boolean isPercentageDiscount, @Nullable BigDecimal subtotal,
			@Nullable BigDecimal total) {
	}

	/**
	 * A priced request.
	 *
	 * @param placeOfSupply the state code taxed for, null outside GST
	 * @param lines the priced lines, each with a new id
	 * @param stockLines what the lines move in stock (tracked products only)
	 */
	record Quote(Location location, String currency, int scale, SalePricing.Supply supply,
			@Nullable String placeOfSupply, BigDecimal discountValue, boolean percentage, SalePricing.Priced priced,
			List<SaleLine> lines, List<StockLine> stockLines, Approvals.@Nullable Approval approval, List<Flag> flags) {
	}

	/**
	 * Something an offline sale met that an online one would have been refused for or that a manager should
	 * see: recorded with the sale as an offline exception.
	 *
	 * @param kind PRICE_CHANGED, PRICE_UNEXPLAINED, PRODUCT_INACTIVE, CUSTOMER_MISSING, LATE_ARRIVAL, NUMBER_CANCELLED
	 */
	record Flag(String kind, @Nullable UUID productId, @Nullable Integer lineNo, String detail,
			Map<String, Object> figures) {
	}

	/**
	 * How a sale made offline is priced: when it was made, and how far back a price the till sent may date
	 * from (see docs/offline.md).
	 */
	record Offline(java.time.Instant madeAt, java.time.Duration priceWindow) {
	}

	/**
	 * What a priced request becomes, to which an approval it uses is bound: a sale, an order or an estimate,
	 * with the id it will be written with.
	 *
	 * @param standing an approval given before for this document (an estimate's, for the order it is converted
	 *        to), used instead of the header's
	 */
	record For(Approvals.Kind kind, UUID id, Approvals.@Nullable Approval standing) {

		static For sale(UUID id) {
			return new For(Approvals.Kind.SALE, id, null);
		}

		static For order(UUID id) {
			return new For(Approvals.Kind.ORDER, id, null);
		}

		static For estimate(UUID id) {
			return new For(Approvals.Kind.ESTIMATE, id, null);
		}
	}

	/**
	 * The approval a request may use for what is above the user's limit: the token of its header, used up the
	 * first time something needs it and bound to the document the request writes, then good for the rest of the
	 * request up to the percent approved. Used up inside the caller's transaction, so a request refused after
	 * pricing (short stock) leaves the approval unused.
	 */
	private final class Approval {

		private final UUID locationId;

		private final CurrentUser user;

		private Approvals.@Nullable Approval used;

		private boolean tried;

		/** What the request writes; null for a preview, which only checks the approval. */
		private final @Nullable For target;

		Approval(UUID locationId, CurrentUser user, @Nullable For target) {
			this.locationId = locationId;
			this.user = user;
			this.target = target;
		}

		boolean covers(BigDecimal neededPercent) {
			if (used == null && !tried) {
				tried = true;
				if (target != null && target.standing() != null) {
					used = target.standing();
				}
				else {
					var token = token();
					used = token == null ? null
							: (target == null ? approvals.peek(token, user.id(), locationId, neededPercent)
									: approvals.use(token, user.id(), locationId, neededPercent, target.kind(),
											target.id()))
								.orElseThrow(() -> new ApiException(HttpStatus.FORBIDDEN, "approval_refused",
										"The approval is unknown, used, expired, for another user or location, or for "
												+ "less than " + neededPercent.toPlainString() + "%"));
				}
			}
			return used != null && used.maxPercent().compareTo(neededPercent) >= 0;
		}

		private static @Nullable String token() {
			return approvalToken();
		}
	}

	/** The approval token of the request being served ({@link #APPROVAL_HEADER}), if it carries one. */
	static @Nullable String approvalToken() {
		if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
				instanceof org.springframework.web.context.request.ServletRequestAttributes attributes) {
			var token = attributes.getRequest().getHeader(APPROVAL_HEADER);
			return token == null || token.isBlank() ? null : token.strip();
		}
		return null;
	}

	/**
	 * The approval the estimate was made with, now bound to the order it is converted to as well; null when it
	 * needed none. A re-priced conversion uses it instead of asking again. Call inside the conversion's transaction.
	 */
	Approvals.@Nullable Approval carryApproval(UUID estimateId, UUID orderId) {
		return approvals.carryToOrder(estimateId, orderId).orElse(null);
	}

	/**
	 * Prices the request for the user, who must be allowed at its location; an approval it needs is used up for,
	 * and bound to, {@code target}. Call inside the transaction that writes the target.
	 */
	Quote quote(Request request, CurrentUser user, For target) {
		return price(request, user, java.util.Objects.requireNonNull(target), null);
	}

	/**
	 * Prices a sale made offline: as {@link #quote(Request, CurrentUser, For)}, but what changed since the till made
	 * it does not refuse it. A deactivated product is sold, flagged. A line without a unit price gets the price
	 * the product had at {@code madeAt}. A unit price that the product had at some time from {@code madeAt} less
	 * the window until now stands (flagged PRICE_CHANGED when it is not today's price, with the difference);
	 * another one stands as an override when within the user's limits, else it stands flagged
	 * PRICE_UNEXPLAINED for a manager. Discount limits apply as online.
	 */
	Quote offline(Request request, CurrentUser user, Offline offline, For target) {
		return price(request, user, java.util.Objects.requireNonNull(target), offline);
	}

	/** Prices the request for a preview: as {@link #quote(Request, CurrentUser, For)}, but an approval is only checked. */
	Quote preview(Request request, CurrentUser user) {
		return price(request, user, null, null);
	}

	private Quote price(Request request, CurrentUser user, @Nullable For target, @Nullable Offline offline) {
		user.requireLocation(request.locationId());
		var approval = new Approval(request.locationId(), user, target);
		var location = activeLocation(request.locationId());
		var profile = profile();
		int scale = scale(profile.currency());
		var supply = supply(profile, location, request.placeOfSupply());
		var flags = new ArrayList<Flag>();
		var products = products(request.lines().stream().map(Sales.NewLine::productId).toList(), offline != null);
		var history = offline == null ? Map.<UUID, List<Catalog.PriceAt>>of()
				: catalog.pricesSince(products.keySet(), offline.madeAt().minus(offline.priceWindow()));
		var pricingLines = new ArrayList<SalePricing.Line>();
		var listPrices = new ArrayList<BigDecimal>();
		for (int i = 0; i < request.lines().size(); i++) {
			var line = request.lines().get(i);
			var product = known(products, line.productId());
			BigDecimal unitPrice;
			if (offline == null) {
				unitPrice = unitPrice(i, line, product, scale, user, approval);
				listPrices.add(product.price());
			}
			else {
				if (!product.active()) {
					flags.add(new Flag("PRODUCT_INACTIVE", product.id(), i + 1, "Product " + product.sku()
							+ " was deactivated; the sale made offline sold it", Map.of("sku", product.sku())));
				}
				var priced = offlinePrice(i, line, product, scale, user, offline, history.getOrDefault(product.id(),
						List.of()), flags);
				unitPrice = priced.unit();
				listPrices.add(priced.list());
			}
			checkQuantity(i, line, product);
			pricingLines.add(new SalePricing.Line(unitPrice, line.quantity(),
					line.discount() == null ? BigDecimal.ZERO : line.discount(), product.priceIncludesTax(),
					product.taxRate(), product.cessRate()));
		}
		boolean percentage = Boolean.TRUE.equals(request.isPercentageDiscount());
		var discountValue = request.discount() == null ? BigDecimal.ZERO : request.discount();
		SalePricing.Priced priced;
		try {
			priced = SalePricing.price(pricingLines, new SalePricing.Discount(discountValue, percentage), supply, scale);
		}
		catch (SalePricing.Refused ex) {
			throw ApiException.unprocessable("discount_too_large", ex.field + ": " + ex.getMessage(), ex.field);
		}
		checkDiscounts(priced, percentage, discountValue, user, approval);
		agree("subtotal", priced.subtotal(), request.subtotal());
		agree("total", priced.total(), request.total());
		var lines = new ArrayList<SaleLine>();
		var stockLines = new ArrayList<StockLine>();
		for (int i = 0; i < request.lines().size(); i++) {
			var line = request.lines().get(i);
			var product = known(products, line.productId());
			var p = priced.lines().get(i);
			var input = pricingLines.get(i);
			lines.add(new SaleLine(Ids.next(), i + 1, product.id(), product.sku(), product.name(), product.hsnCode(),
					product.unit().name(), line.quantity(), input.unitPrice(), listPrices.get(i),
					product.priceIncludesTax(), product.taxRate(), product.cessRate(), p.gross(), p.discount(),
					p.saleDiscount(), p.taxable(), p.cgst(), p.sgst(), p.igst(), p.cess(), p.tax(), p.total()));
			if (product.trackStock()) {
				stockLines.add(new StockLine(product.id(), line.quantity(), product.allowNegativeStock(), true));
			}
		}
		String place = supply == SalePricing.Supply.PLAIN ? null
				: request.placeOfSupply() != null ? request.placeOfSupply() : location.stateCode();
		return new Quote(location, profile.currency(), scale, supply, place, discountValue, percentage, priced,
				List.copyOf(lines), List.copyOf(stockLines), approval.used, List.copyOf(flags));
	}

	/** The stock the lines move, from the products as they are now (tracked products only). */
	List<StockLine> stockLines(List<SaleLine> lines) {
		var products = products(lines.stream().map(SaleLine::productId).toList());
		var stockLines = new ArrayList<StockLine>();
		for (var line : lines) {
			var product = known(products, line.productId());
			if (product.trackStock()) {
				stockLines.add(new StockLine(product.id(), line.quantity(), product.allowNegativeStock(), true));
			}
		}
		return stockLines;
	}

	/** Refuses with 422 naming {@code customer_id} when the customer does not exist. */
	void requireCustomer(@Nullable UUID customerId) {
		if (customerId == null) {
			return;
		}
		try {
			customers.get(customerId);
		}
		catch (ApiException ex) {
			if (ex.status() == HttpStatus.NOT_FOUND) {
				throw ApiException.unprocessable("unknown_customer", "Customer " + customerId + " does not exist",
						"customer_id");
			}
			throw ex;
		}
	}

	Location location(UUID locationId) {
		return locations.get(locationId);
	}

	Location activeLocation(UUID locationId) {
		var location = locations.getOrInvalid(locationId, "location_id");
		if (!location.active()) {
			throw ApiException.unprocessable("location_inactive", "The location " + location.code() + " is deactivated",
					"location_id");
		}
		return location;
	}

	private OrganizationProfile profile() {
		return organization.profile()
			.orElseThrow(() -> ApiException.conflict("organization_not_set_up",
					"The organization's profile (country, currency) is not set; an admin sets it first"));
	}

	/** The products of the lines, in line order; 422 naming the line of one unknown or deactivated. */
	private Map<UUID, Product> products(List<UUID> productIds) {
		return products(productIds, false);
	}

	/** As {@link #products(List)}; a deactivated product is let through when {@code inactiveToo} (offline). */
	private Map<UUID, Product> products(List<UUID> productIds, boolean inactiveToo) {
		var products = catalog.products(new HashSet<>(productIds));
		for (int i = 0; i < productIds.size(); i++) {
			var product = products.get(productIds.get(i));
			if (product == null) {
				throw ApiException.unprocessable("unknown_product", "Product " + productIds.get(i) + " does not exist",
						"lines[" + i + "].product_id");
			}
			if (!product.active() && !inactiveToo) {
				throw ApiException.unprocessable("product_inactive",
						"Product " + product.sku() + " is deactivated and cannot be sold", "lines[" + i + "].product_id");
			}
		}
		return products;
	}

	private static Product known(Map<UUID, Product> products, UUID id) {
		return Objects.requireNonNull(products.get(id), "products() refuses an unknown product");
	}

	private BigDecimal unitPrice(int i, Sales.NewLine line, Product product, int scale, CurrentUser user,
			Approval approval) {
		var override = line.unitPrice();
		if (override == null || override.compareTo(product.price()) == 0) {
			return product.price();
		}
		if (override.stripTrailingZeros().scale() > scale) {
			throw ApiException.invalid("lines[" + i + "].unit_price", "has more decimals than the currency's " + scale);
		}
		if (user.hasAny(Role.MANAGER, Role.ADMIN)) {
			return override;
		}
		var floor = product.price()
			.multiply(SalePricing.HUNDRED.subtract(settings.cashierPriceReductionPercent()))
			.divide(SalePricing.HUNDRED);
		if (override.compareTo(floor) < 0 && !(product.price().signum() > 0 && approval.covers(product.price()
			.subtract(override).multiply(SalePricing.HUNDRED).divide(product.price(), 3, java.math.RoundingMode.UP)))) {
			throw new ApiException(HttpStatus.FORBIDDEN, "price_override_not_allowed",
					"A cashier may lower a price by at most " + settings.cashierPriceReductionPercent().toPlainString()
							+ "%: " + product.sku() + " costs " + product.price().toPlainString() + ", the lowest allowed is "
							+ SalePricing.round(floor, scale).toPlainString(),
					List.of(new ApiException.FieldError("lines[" + i + "].unit_price", "below what a cashier may set")),
					Map.of());
		}
		return override;
	}

	/**
	 * The unit price and list price of a line of a sale made offline ({@link #offline}): the list price is
	 * the catalog price the till had, so that a price changed meanwhile is not counted as an override.
	 */
	private record LinePrice(BigDecimal unit, BigDecimal list) {
	}

	private LinePrice offlinePrice(int i, Sales.NewLine line, Product product, int scale, CurrentUser user,
			Offline offline, List<Catalog.PriceAt> history, List<Flag> flags) {
		var current = product.price();
		var given = line.unitPrice();
		if (given == null) {
			var then = current;
			for (var price : history) {
				if (!price.since().isAfter(offline.madeAt())) {
					then = price.price();
				}
			}
			if (then.compareTo(current) != 0) {
				flags.add(priceChanged(i, line, product, then));
			}
			return new LinePrice(then, then);
		}
		if (given.compareTo(current) == 0) {
			return new LinePrice(current, current);
		}
		if (given.stripTrailingZeros().scale() > scale) {
			throw ApiException.invalid("lines[" + i + "].unit_price", "has more decimals than the currency's " + scale);
		}
		if (history.stream().anyMatch(price -> price.price().compareTo(given) == 0)) {
			flags.add(priceChanged(i, line, product, given));
			return new LinePrice(given, given);
		}
		var floor = current.multiply(SalePricing.HUNDRED.subtract(settings.cashierPriceReductionPercent()))
			.divide(SalePricing.HUNDRED);
		if (!user.hasAny(Role.MANAGER, Role.ADMIN) && given.compareTo(floor) < 0) {
			flags.add(new Flag("PRICE_UNEXPLAINED", product.id(), i + 1, "Line " + (i + 1) + " (" + product.sku()
					+ ") was sold offline at " + given.toPlainString() + ", a price the product did not have in the "
					+ offline.priceWindow().toHours() + " h before the sale and below what the cashier may set; it costs "
					+ current.toPlainString(), difference(line, given, current)));
		}
		return new LinePrice(given, current);
	}

	private static Flag priceChanged(int i, Sales.NewLine line, Product product, BigDecimal offlinePrice) {
		return new Flag("PRICE_CHANGED", product.id(), i + 1, "Line " + (i + 1) + " (" + product.sku()
				+ ") was sold offline at " + offlinePrice.toPlainString() + "; the price is now "
				+ product.price().toPlainString(), difference(line, offlinePrice, product.price()));
	}

	/** The offline price, today's price and what the line's quantity came to less (negative) or more than today. */
	private static Map<String, Object> difference(Sales.NewLine line, BigDecimal offlinePrice, BigDecimal current) {
		return Map.of("offline_price", offlinePrice, "current_price", current, "quantity", line.quantity(),
				"difference", offlinePrice.subtract(current).multiply(line.quantity()));
	}

	/**
	 * Refuses, with 403 naming the field, a line or sale discount above what the user's roles may give
	 * ({@link SaleSettings#discountLimitPercent()}), unless a MANAGER approved it at the till.
	 */
	private void checkDiscounts(SalePricing.Priced priced, boolean percentage, BigDecimal discountValue,
			CurrentUser user, Approval approval) {
		var limit = settings.discountLimit(user.roles());
		if (limit == null) {
			return;
		}
		var net = BigDecimal.ZERO;
		for (int i = 0; i < priced.lines().size(); i++) {
			var line = priced.lines().get(i);
			net = net.add(line.gross().subtract(line.discount()));
			if (line.discount().signum() > 0 && exceeds(line.discount(), line.gross(), limit)
					&& !approval.covers(percent(line.discount(), line.gross()))) {
				throw discountRefused("lines[" + i + "].discount", limit);
			}
		}
		boolean saleOver = percentage ? discountValue.compareTo(limit) > 0
				: priced.saleDiscount().signum() > 0 && exceeds(priced.saleDiscount(), net, limit);
		if (saleOver && !approval.covers(percentage ? discountValue : percent(priced.saleDiscount(), net))) {
			throw discountRefused("discount", limit);
		}
	}

	/** {@code part} as a percent of {@code whole}, rounded up to 3 decimals (100 when the whole is 0). */
	private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
		return whole.signum() <= 0 ? SalePricing.HUNDRED
				: part.multiply(SalePricing.HUNDRED).divide(whole, 3, java.math.RoundingMode.UP);
	}

	/** Whether {@code part} is more than {@code limit} percent of {@code whole}. */
	private static boolean exceeds(BigDecimal part, BigDecimal whole, BigDecimal limit) {
		return part.multiply(SalePricing.HUNDRED).compareTo(whole.multiply(limit)) > 0;
	}

	private static ApiException discountRefused(String field, BigDecimal limit) {
		return new ApiException(HttpStatus.FORBIDDEN, "discount_not_allowed",
				"Your roles may give a discount of at most " + limit.toPlainString()
						+ "%; a MANAGER rings up a larger one",
				List.of(new ApiException.FieldError(field, "above the " + limit.toPlainString() + "% you may give")),
				Map.of("limit_percent", limit));
	}

	private static void checkQuantity(int i, Sales.NewLine line, Product product) {
		if (line.quantity().stripTrailingZeros().scale() > product.unit().scale()) {
			throw ApiException.invalid("lines[" + i + "].quantity", product.unit() == dev.kassa.catalog.Unit.PIECE
					? "must be a whole number of pieces" : "has more than " + product.unit().scale() + " decimals");
		}
	}

	private static void agree(String field, BigDecimal expected, @Nullable BigDecimal given) {
		if (given != null && given.compareTo(expected) != 0) {
			throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, field + "_mismatch",
					"The " + field + " sent, " + given.toPlainString() + ", is not the " + field + " computed, "
							+ expected.toPlainString(),
					List.of(new ApiException.FieldError(field,
							"expected " + expected.toPlainString() + ", given " + given.toPlainString())),
					Map.of("expected", expected, "given", given));
		}
	}

	private static SalePricing.Supply supply(OrganizationProfile profile, Location location,
			@Nullable String placeOfSupply) {
		if (!profile.inIndia()) {
			return SalePricing.Supply.PLAIN;
		}
		if (location.stateCode() == null) {
			throw ApiException.unprocessable("location_without_state",
					"The location " + location.code() + " has no GST state code, which decides how its sales are taxed",
					"location_id");
		}
		return placeOfSupply == null || placeOfSupply.equals(location.stateCode()) ? SalePricing.Supply.INTRA_STATE
				: SalePricing.Supply.INTER_STATE;
	}

	static int scale(String currency) {
		try {
			int digits = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
			return digits < 0 ? 2 : digits;
		}
		catch (IllegalArgumentException ex) {
			return 2;
		}
	}

	/** A list filter's business days: {@code from} must not come after {@code to}; either may be open. */
	static void checkPeriod(java.time.@Nullable LocalDate from, java.time.@Nullable LocalDate to) {
		if (from != null && to != null && from.isAfter(to)) {
			throw ApiException.invalid("from", "must not be after to");
		}
	}
}
