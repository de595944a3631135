package dev.kassa.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.catalog.Catalog;
import dev.kassa.catalog.Product;
import dev.kassa.identity.IdentityService;
import dev.kassa.organization.Location;
import dev.kassa.organization.Locations;
import dev.kassa.organization.OrganizationProfile;
import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

/**
 * Sales reports of a location's business day (its local day, in its time zone) or of a range of days. The
 * figures come from bulk SQL aggregates in one read-only transaction, so that they agree with each other.
 */
@Service
public class Reports {

	/** The longest range a report covers, in days. */
	public static final int MAX_DAYS = 366;

	public static final int DEFAULT_TOP = 10;

	public static final int MAX_TOP = 100;

	private final ReportStore store;

	private final Locations locations;

	private final OrganizationService organization;

	private final Catalog catalog;

	private final IdentityService identity;

	private final TransactionTemplate readOnly;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Reports(ReportStore store, Locations locations, OrganizationService organization, Catalog catalog,
			IdentityService identity, TransactionTemplate transactions) {
		this.store = store;
		this.locations = locations;
		this.organization = organization;
		this.catalog = catalog;
		this.identity = identity;
		this.readOnly = new TransactionTemplate(
				Objects.requireNonNull(transactions.getTransactionManager(), "the application's template has one"));
		this.readOnly.setReadOnly(true);
		this.readOnly.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
	}

	/** Checks a requested top N: 1 to 100, 10 when absent. */
	public static int top(@Nullable Integer top) {
		if (top == null) {
			return DEFAULT_TOP;
		}
		if (top < 1 || top > MAX_TOP) {
			throw ApiException.invalid("top", "must be between 1 and " + MAX_TOP);
		}
		return top;
	}

	/**
	 * The report of one location's business day.
	 *
	 * @param date the location's local day; today there when null
	 */
	public SalesReport day(UUID locationId, @Nullable LocalDate date, @Nullable Integer top, CurrentUser user) {
		user.requireLocation(locationId);
		var location = locations.getOrInvalid(locationId, "location_id");
		var day = date != null ? date : today(location);
		return report(List.of(location), day, day, top(top));
	}

	/** The business day today at the location. */
	public LocalDate today(Location location) {
		return LocalDate.now(clock.withZone(ZoneId.of(location.timeZone())));
	}

	/**
	 * The report of a range of business days, inclusive, at most {@value #MAX_DAYS} days.
	 *
	 * @param locationId one location; every location the user may see when null
	 */
	public SalesReport range(@Nullable UUID locationId, LocalDate from, LocalDate to, @Nullable Integer top,
			CurrentUser user) {
		if (from.isAfter(to)) {
			throw ApiException.invalid("from", "must not be after to");
		}
		if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
			throw ApiException.invalid("to", "a report covers at most " + MAX_DAYS + " days");
		}
		int n = top(top);
		List<Location> covered;
		if (locationId != null) {
			user.requireLocation(locationId);
			covered = List.of(locations.getOrInvalid(locationId, "location_id"));
		}
		else {
			covered = visible(user);
		}
		return report(covered, from, to, n);
	}

	private List<Location> visible(CurrentUser user) {
		var all = new ArrayList<Location>();
		String cursor = null;
		do {
			var page = locations.list(cursor, Page.MAX_LIMIT, user.locations(), null, null);
			all.addAll(page.items());
			cursor = page.nextCursor();
		}
		while (cursor != null);
		return all;
	}

	private SalesReport report(List<Location> covered, LocalDate from, LocalDate to, int top) {
		var currency = organization.profile().map(OrganizationProfile::currency).orElse("INR");
		int scale = scale(currency);
		var ids = covered.stream().map(Location::id).toList();
		var zones = covered.stream().collect(Collectors.toMap(Location::id, l -> ZoneId.of(l.timeZone())));
		var now = clock.instant();
		var report = readOnly.execute(tx -> {
			if (ids.isEmpty()) {
				return empty(ids, from, to, currency, scale, now);
			}
			store.planIndexProbes();
			var figures = DayFigures.of(store.figures(ids, from, to), zones);
			var completed = figures.totals().getOrDefault("COMPLETED", ReportStore.Totals.NONE);
			var voided = figures.totals().getOrDefault("VOIDED", ReportStore.Totals.NONE);
			var products = figures.products();
			var returned = store.returns(ids, from, to);
			return new SalesReport(new SalesReport.Period(ids, from, to, currency, now), summary(completed, scale),
					money(figures.payments(), scale), top(products, top, scale), categories(products, scale),
					cashiers(figures.cashiers(), scale),
					figures.hours()
						.stream()
						.map(h -> new SalesReport.HourRow(h.hour(), h.sales(), m(h.total(), scale)))
						.toList(),
					figures.taxes()
						.stream()
						.map(t -> new SalesReport.TaxRow(t.rate().stripTrailingZeros(), t.cessRate().stripTrailingZeros(),
								m(t.taxable(), scale), m(t.cgst(), scale), m(t.sgst(), scale), m(t.igst(), scale),
								m(t.cess(), scale), m(t.tax(), scale)))
						.toList(),
					new SalesReport.Returns(returned.count(), m(returned.total(), scale), m(returned.tax(), scale),
							money(store.refunds(ids, from, to), scale), store.returnTaxes(ids, from, to)
								.stream()
								.map(t -> new SalesReport.TaxRow(t.rate().stripTrailingZeros(),
										t.cessRate().stripTrailingZeros(), m(t.taxable(), scale), m(t.cgst(), scale),
										m(t.sgst(), scale), m(t.igst(), scale), m(t.cess(), scale), m(t.tax(), scale)))
								.toList()),
					new SalesReport.Voids(voided.sales(), m(voided.total(), scale)), estimates(store.estimates(ids, from, to), scale),
					days(store.days(ids, from, to), from, to, scale));
		});
		return java.util.Objects.requireNonNull(report);
	}

	private SalesReport empty(List<UUID> ids, LocalDate from, LocalDate to, String currency, int scale,
			java.time.Instant now) {
		return new SalesReport(new SalesReport.Period(ids, from, to, currency, now),
				summary(ReportStore.Totals.NONE, scale), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
				new SalesReport.Returns(0, m(BigDecimal.ZERO, scale), m(BigDecimal.ZERO, scale), List.of(), List.of()),
				new SalesReport.Voids(0, m(BigDecimal.ZERO, scale)),
				new SalesReport.EstimateFigures(0, m(BigDecimal.ZERO, scale), 0, 0, m(BigDecimal.ZERO, scale), 0, 0,
						BigDecimal.ZERO), days(List.of(), from, to, scale));
	}

	/** Every day from..to, those without figures with zeros. */
	private static List<SalesReport.DayRow> days(List<ReportStore.DayTotals> found, LocalDate from, LocalDate to,
			int scale) {
		var byDate = found.stream().collect(Collectors.toMap(ReportStore.DayTotals::date, d -> d));
		var rows = new ArrayList<SalesReport.DayRow>();
		var zero = BigDecimal.ZERO;
		for (var day = from; !day.isAfter(to); day = day.plusDays(1)) {
			var d = byDate.get(day);
			rows.add(d == null ? new SalesReport.DayRow(day, 0, m(zero, scale), m(zero, scale), m(zero, scale), 0, m(zero, scale))
					: new SalesReport.DayRow(day, d.sales(), m(d.net(), scale), m(d.tax(), scale), m(d.total(), scale),
							d.returns(), m(d.returned(), scale)));
		}
		return rows;
	}

	private static SalesReport.EstimateFigures estimates(SalesReport.EstimateFigures e, int scale) {
		return new SalesReport.EstimateFigures(e.count(), m(e.total(), scale), e.pending(), e.converted(),
				m(e.convertedTotal(), scale), e.expired(), e.cancelled(), e.conversionRate());
	}

	private static SalesReport.Summary summary(ReportStore.Totals t, int scale) {
		var average = t.sales() == 0 ? BigDecimal.ZERO
				: t.total().divide(BigDecimal.valueOf(t.sales()), scale, RoundingMode.HALF_UP);
		return new SalesReport.Summary(t.sales(), m(t.gross(), scale), m(t.discounts(), scale),
				m(t.gross().subtract(t.discounts()), scale), m(t.taxable(), scale), m(t.tax(), scale),
				m(t.total(), scale), m(average, scale));
	}

	private static List<SalesReport.PaymentRow> money(List<SalesReport.PaymentRow> rows, int scale) {
		return rows.stream().map(r -> new SalesReport.PaymentRow(r.method(), r.sales(), m(r.amount(), scale))).toList();
	}

	private static List<SalesReport.ProductRow> top(List<ReportStore.ProductFigures> products, int top, int scale) {
		return products.stream()
			.limit(top)
			.map(p -> new SalesReport.ProductRow(p.productId(), p.sku(), p.name(), p.quantity().stripTrailingZeros(),
					p.sales(), m(p.net(), scale), m(p.total(), scale)))
			.toList();
	}

	/** Categories from the catalog's current products; a product no longer there counts as uncategorized. */
	private List<SalesReport.CategoryRow> categories(List<ReportStore.ProductFigures> products, int scale) {
		Map<UUID, Product> catalogued = catalog.products(products.stream().map(ReportStore.ProductFigures::productId).toList());
		record Sums(BigDecimal quantity, BigDecimal net, BigDecimal total) {
		}
		var sums = new LinkedHashMap<@Nullable UUID, Sums>();
		for (var p : products) {
			var product = catalogued.get(p.productId());
			var category = product == null ? null : product.categoryId();
			var sum = sums.getOrDefault(category, new Sums(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
			sums.put(category, new Sums(sum.quantity().add(p.quantity()), sum.net().add(p.net()), sum.total().add(p.total())));
		}
		var rows = new ArrayList<SalesReport.CategoryRow>();
		sums.forEach((category, sum) -> rows.add(new SalesReport.CategoryRow(category,
				category == null ? null : categoryName(category), sum.quantity().stripTrailingZeros(),
				m(sum.net(), scale), m(sum.total(), scale))));
		rows.sort(java.util.Comparator.comparing(SalesReport.CategoryRow::total).reversed());
		return rows;
	}

	private @Nullable String categoryName(UUID id) {
		try {
			return catalog.category(id).name();
		}
		catch (ApiException gone) {
			return null;
		}
	}

	/** The cashiers' user names in one look-up; a user no longer there has none. */
	private List<SalesReport.CashierRow> cashiers(List<ReportStore.CashierFigures> rows, int scale) {
		var users = identity.users(rows.stream().map(ReportStore.CashierFigures::cashierId).toList());
		return rows.stream().map(r -> {
			var user = users.get(r.cashierId());
			return new SalesReport.CashierRow(r.cashierId(), user == null ? null : user.username(), r.sales(),
					m(r.total(), scale));
		}).toList();
	}

	static BigDecimal m(BigDecimal amount, int scale) {
		return amount.setScale(scale, RoundingMode.HALF_UP);
	}

	static int scale(String currency) {
		try {
			int digits = Currency.getInstance(currency).getDefaultFractionDigits();
			return digits < 0 ? 2 : digits;
		}
		catch (IllegalArgumentException ex) {
			return 2;
		}
	}
}
