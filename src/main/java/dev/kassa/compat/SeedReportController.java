package dev.kassa.compat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.organization.Location;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.reports.Reports;
import dev.kassa.reports.SalesReport;
import dev.kassa.sales.Estimates;
import dev.kassa.sales.Sales;

/**
 * The seed's {@code /api/reports/...} over the reports module, at the default location. The seed's
 * {@code items} lists are the first page of the period's sales, with {@code next_cursor} for the rest; the
 * figures ({@code count}, {@code total_amount}, the breakdowns) cover the whole period. Kassa's own report
 * is under {@code report}.
 */
@RestController
@Tag(name = "Seed API: reports")
class SeedReportController {

	private final Reports reports;

	private final Sales sales;

	private final Estimates estimates;

	private final SeedOrders seed;

	private final SeedLocation location;

	SeedReportController(Reports reports, Sales sales, Estimates estimates, SeedOrders seed, SeedLocation location) {
		this.reports = reports;
		this.sales = sales;
		this.estimates = estimates;
		this.seed = seed;
		this.location = location;
	}

	@GetMapping("/api/reports/today")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The seed's report of today at the default location: summary, orders with their payment "
			+ "breakdown and the first page of items")
	Map<String, Object> today(CurrentUser user) {
		var shop = location.of(user);
		var report = reports.day(shop.id(), null, null, user);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("date", report.period().from());
		answer.put("summary", summary(report));
		answer.put("estimates", estimates(report, shop, user));
		answer.put("orders", orders(report, shop, user, true));
		answer.put("report", report);
		return answer;
	}

	@GetMapping("/api/reports/estimates-only")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The seed's estimates report: the last 366 days at the default location unless start_date "
			+ "and end_date say otherwise; conversion breakdown and rate, the first page of items")
	Map<String, Object> estimatesOnly(@RequestParam(name = "start_date", required = false) @Nullable String startDate,
			@RequestParam(name = "end_date", required = false) @Nullable String endDate, CurrentUser user) {
		var shop = location.of(user);
		var report = lastYearUnlessGiven(shop, startDate, endDate, user);
		var figures = estimates(report, shop, user);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("total_count", report.estimates().count());
		answer.putAll(figures);
		answer.remove("count");
		return Map.of("estimates", answer, "report", report);
	}

	/** The report of start_date..end_date, each defaulting to the year up to today in the shop's zone. */
	private SalesReport lastYearUnlessGiven(Location shop, @Nullable String startDate, @Nullable String endDate,
			CurrentUser user) {
		var zone = ZoneId.of(shop.timeZone());
		var to = endDate == null ? reports.today(shop) : day(endDate, "end_date", zone);
		var from = startDate == null ? to.minusDays(Reports.MAX_DAYS - 1) : day(startDate, "start_date", zone);
		checkRange(from, to);
		return reports.range(shop.id(), from, to, null, user);
	}

	private Map<String, Object> estimates(SalesReport report, Location shop, CurrentUser user) {
		var e = report.estimates();
		var figures = new LinkedHashMap<String, Object>();
		figures.put("count", e.count());
		figures.put("total_amount", e.total());
		var breakdown = new LinkedHashMap<String, Object>();
		breakdown.put("pending", e.pending());
		breakdown.put("converted", e.converted());
		breakdown.put("expired", e.expired());
		breakdown.put("cancelled", e.cancelled());
		figures.put("conversion_breakdown", breakdown);
		figures.put("conversion_rate", e.conversionRate());
		var page = estimates.list(new Estimates.Filter(user.locations(), shop.id(), null, report.period().from(),
				report.period().to(), null), null, null);
		figures.put("items", seed.estimateViews(page.items()));
		figures.put("next_cursor", page.nextCursor());
		return figures;
	}

	@GetMapping("/api/reports/date-range")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The seed's report of start_date..end_date (dates or date-times, inclusive, at most 366 "
			+ "days) at the default location")
	Map<String, Object> dateRange(@RequestParam(name = "start_date") String startDate,
			@RequestParam(name = "end_date") String endDate, CurrentUser user) {
		var shop = location.of(user);
		var zone = ZoneId.of(shop.timeZone());
		var from = day(startDate, "start_date", zone);
		var to = day(endDate, "end_date", zone);
		checkRange(from, to);
		var report = reports.range(shop.id(), from, to, null, user);
		var answer = new LinkedHashMap<String, Object>();
		answer.put("date_range", Map.of("start", startDate, "end", endDate));
		answer.put("summary", summary(report));
		answer.put("estimates", estimates(report, shop, user));
		answer.put("orders", orders(report, shop, user, false));
		answer.put("report", report);
		return answer;
	}

	@GetMapping("/api/reports/orders-only")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The seed's orders report: the last 366 days at the default location unless start_date "
			+ "and end_date say otherwise; payment breakdown as counts per mode")
	Map<String, Object> ordersOnly(@RequestParam(name = "start_date", required = false) @Nullable String startDate,
			@RequestParam(name = "end_date", required = false) @Nullable String endDate, CurrentUser user) {
		var shop = location.of(user);
		var report = lastYearUnlessGiven(shop, startDate, endDate, user);
		var page = firstPage(shop, report.period().from(), report.period().to(), user);
		var counts = new LinkedHashMap<String, Long>();
		report.byPaymentMethod().forEach(p -> counts.put(SeedOrders.mode(dev.kassa.sales.PaymentMethod.valueOf(p.method())),
				p.sales()));
		var orders = new LinkedHashMap<String, Object>();
		orders.put("total_count", report.summary().count());
		orders.put("total_amount", report.summary().total());
		orders.put("payment_breakdown", counts);
		orders.put("items", page.get("items"));
		orders.put("next_cursor", page.get("next_cursor"));
		return Map.of("orders", orders, "report", report);
	}

	private static Map<String, Object> summary(SalesReport report) {
		var summary = new LinkedHashMap<String, Object>();
		// revenue is what sales took; estimates are counted, not added to it (the seed added them)
		summary.put("total_transactions", report.summary().count() + report.estimates().count());
		summary.put("total_revenue", report.summary().total());
		summary.put("estimates_count", report.estimates().count());
		summary.put("orders_count", report.summary().count());
		return summary;
	}

	private Map<String, Object> orders(SalesReport report, Location shop, CurrentUser user, boolean breakdown) {
		var orders = new LinkedHashMap<String, Object>();
		orders.put("count", report.summary().count());
		orders.put("total_amount", report.summary().total());
		if (breakdown) {
			var payments = new LinkedHashMap<String, Object>();
			for (var method : dev.kassa.sales.PaymentMethod.values()) {
				var row = report.byPaymentMethod().stream().filter(p -> p.method().equals(method.name())).findFirst();
				payments.put(method.name().toLowerCase(Locale.ROOT),
						Map.of("count", row.map(SalesReport.PaymentRow::sales).orElse(0L), "amount",
								row.map(SalesReport.PaymentRow::amount).orElse(BigDecimal.ZERO)));
			}
			orders.put("payment_breakdown", payments);
		}
		var page = firstPage(shop, report.period().from(), report.period().to(), user);
		orders.put("items", page.get("items"));
		orders.put("next_cursor", page.get("next_cursor"));
		return orders;
	}

	/** The first page of the period's completed sales; the rest through /api/v1/sales with its cursor. */
	private Map<String, @Nullable Object> firstPage(Location shop, LocalDate from, LocalDate to, CurrentUser user) {
		var page = sales.list(new Sales.Filter(user.locations(), shop.id(), dev.kassa.sales.SaleStatus.COMPLETED, from, to,
				null, null, null), null, null);
		var answer = new LinkedHashMap<String, @Nullable Object>();
		answer.put("items", seed.views(page.items()));
		answer.put("next_cursor", page.nextCursor());
		return answer;
	}

	private static void checkRange(LocalDate from, LocalDate to) {
		if (from.isAfter(to)) {
			throw ApiException.invalid("start_date", "must not be after end_date");
		}
		if (java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1 > Reports.MAX_DAYS) {
			throw ApiException.invalid("end_date", "a report covers at most " + Reports.MAX_DAYS + " days");
		}
	}

	/** A date (2026-11-21) or a date-time with an offset, as the seed took, as the location's business day. */
	static LocalDate day(String text, String field, ZoneId zone) {
		var value = text.strip();
		try {
			if (value.length() <= 10) {
				return LocalDate.parse(value);
			}
			return OffsetDateTime.parse(value).atZoneSameInstant(zone).toLocalDate();
		}
		catch (DateTimeParseException ex) {
			try {
				return java.time.LocalDateTime.parse(value).toLocalDate();
			}
			catch (DateTimeParseException again) {
				throw ApiException.invalid(field, "must be a date (2026-11-21) or a date-time (2026-11-21T10:00:00+05:30)");
			}
		}
	}
}
