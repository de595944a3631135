package dev.kassa.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The figures of a report's days put together from the rows of {@link ReportStore#figures}: rows of the
 * same kind and key from several locations are added up, quarter hours become the locations' local hours,
 * and a key whose sales net to none (every sale of it voided) is left out.
 *
 * @param totals per sale status (COMPLETED, VOIDED)
 * @param cashiers completed sales by cashier, by total descending
 * @param hours completed sales by local hour
 * @param payments completed sales' payments by method, in method order
 * @param products every product sold, by total descending
 * @param taxes by tax rate and cess rate, ascending
 */
record DayFigures(Map<String, ReportStore.Totals> totals, List<ReportStore.CashierFigures> cashiers,
		List<SalesReport.HourRow> hours, List<SalesReport.PaymentRow> payments,
		List<ReportStore.ProductFigures> products, List<SalesReport.TaxRow> taxes) {

	static DayFigures of(List<ReportStore.Figure> rows, Map<UUID, ZoneId> zones) {
		var byKind = new HashMap<String, Map<String, ReportStore.Figure>>();
		for (var row : rows) {
			var keyed = row.kind().equals("quarter") ? row.keyed(hour(row, zones)) : row;
			byKind.computeIfAbsent(row.kind(), k -> new HashMap<>()).merge(keyed.key(), keyed, DayFigures::add);
		}
		Function<String, List<ReportStore.Figure>> kind = k -> byKind.getOrDefault(k, Map.of())
			.values()
			.stream()
			.filter(f -> f.sales() != 0)
			.toList();
		var totals = new HashMap<String, ReportStore.Totals>();
		for (var f : kind.apply("sale")) {
			totals.put(f.key(), new ReportStore.Totals(f.sales(), f.gross(), f.discounts(), f.taxable(), f.tax(),
					f.total()));
		}
		Comparator<ReportStore.Figure> byTotal = Comparator.comparing(ReportStore.Figure::total).reversed();
		var cashiers = kind.apply("cashier")
			.stream()
			.sorted(byTotal.thenComparing(ReportStore.Figure::key))
			.map(f -> new ReportStore.CashierFigures(UUID.fromString(f.key()), f.sales(), f.total()))
			.toList();
		var hours = new TreeMap<Integer, SalesReport.HourRow>();
		for (var f : kind.apply("quarter")) {
			hours.put(Integer.parseInt(f.key()), new SalesReport.HourRow(Integer.parseInt(f.key()), f.sales(), f.total()));
		}
		var payments = kind.apply("method")
			.stream()
			.sorted(Comparator.comparing(ReportStore.Figure::key))
			.map(f -> new SalesReport.PaymentRow(f.key(), f.sales(), f.total()))
			.toList();
		var products = kind.apply("product")
			.stream()
			.sorted(byTotal.thenComparing(ReportStore.Figure::key))
			.map(f -> new ReportStore.ProductFigures(UUID.fromString(f.key()), String.valueOf(f.sku()),
					String.valueOf(f.name()), f.quantity(), f.sales(), f.taxable(), f.total()))
			.toList();
		var taxes = new ArrayList<SalesReport.TaxRow>();
		for (var f : kind.apply("rate")) {
			var rates = f.key().split("/", 2);
			taxes.add(new SalesReport.TaxRow(new BigDecimal(rates[0]), new BigDecimal(rates[1]), f.taxable(), f.cgst(),
					f.sgst(), f.igst(), f.cess(), f.tax()));
		}
		taxes.sort(Comparator.comparing(SalesReport.TaxRow::rate).thenComparing(SalesReport.TaxRow::cessRate));
		return new DayFigures(totals, cashiers, List.copyOf(hours.values()), payments, products, taxes);
	}

	/** The local hour, at its location, of a quarter hour given in epoch seconds. */
	private static String hour(ReportStore.Figure row, Map<UUID, ZoneId> zones) {
		var zone = zones.getOrDefault(row.locationId(), ZoneId.of("UTC"));
		return Integer.toString(Instant.ofEpochSecond(Long.parseLong(row.key())).atZone(zone).getHour());
	}

	private static ReportStore.Figure add(ReportStore.Figure a, ReportStore.Figure b) {
		return new ReportStore.Figure(a.locationId(), a.kind(), a.key(), a.sales() + b.sales(),
				a.quantity().add(b.quantity()), a.gross().add(b.gross()), a.discounts().add(b.discounts()),
				a.taxable().add(b.taxable()), a.tax().add(b.tax()), a.total().add(b.total()), a.cgst().add(b.cgst()),
				a.sgst().add(b.sgst()), a.igst().add(b.igst()), a.cess().add(b.cess()), least(a.sku(), b.sku()),
				least(a.name(), b.name()));
	}

	private static <T extends Comparable<T>> @Nullable T least(
			@Nullable T a, @Nullable T b) {
		if (a == null) {
			return b;
		}
		return b == null || a.compareTo(b) <= 0 ? a : b;
	}
}
