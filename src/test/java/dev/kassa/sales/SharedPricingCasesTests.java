package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pricing cases shared with the till's JavaScript pricing (src/test/resources/pricing-cases.json), run
 * through the server's pricing. A figure named in a case's expect must equal the server's to the last digit,
 * scale included.
 */
class SharedPricingCasesTests {

	private static JsonNode cases() throws IOException {
		try (var in = SharedPricingCasesTests.class.getResourceAsStream("/pricing-cases.json")) {
			assertThat(in).as("pricing-cases.json on the test class path").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

	@Test
	void theFileSaysWhoReadsItAndHasCasesOfEveryKind() throws IOException {
		var file = cases();
		assertThat(file.path("description").asString()).contains("SalePricing").contains("JavaScript");
		var supplies = new java.util.HashSet<String>();
		boolean included = false, cess = false, saleDiscount = false, refused = false;
		for (var c : file.path("cases")) {
			supplies.add(c.path("supply").asString());
			for (var line : c.path("lines")) {
				included |= line.path("price_includes_tax").asBoolean();
				cess |= new BigDecimal(line.path("cess_rate").asString()).signum() > 0;
			}
			saleDiscount |= c.has("sale_discount");
			refused |= c.path("refused").asBoolean();
		}
		assertThat(supplies).contains("INTRA_STATE", "INTER_STATE", "PLAIN");
		assertThat(List.of(included, cess, saleDiscount, refused)).containsOnly(true);
	}

	@TestFactory
	Stream<DynamicTest> everySharedCaseGivesItsFigures() throws IOException {
		var tests = new ArrayList<DynamicTest>();
		for (var c : cases().path("cases")) {
			tests.add(DynamicTest.dynamicTest(c.path("name").asString(), () -> run(c)));
		}
		assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
		return tests.stream();
	}

	private static void run(JsonNode c) {
		var lines = new ArrayList<SalePricing.Line>();
		for (var line : c.path("lines")) {
			lines.add(new SalePricing.Line(decimal(line, "unit_price"), decimal(line, "quantity"), decimal(line, "discount"),
					line.path("price_includes_tax").asBoolean(), decimal(line, "tax_rate"), decimal(line, "cess_rate")));
		}
		var discount = c.has("sale_discount") ? new SalePricing.Discount(decimal(c.path("sale_discount"), "value"),
				c.path("sale_discount").path("percentage").asBoolean()) : null;
		var supply = SalePricing.Supply.valueOf(c.path("supply").asString());
		int scale = c.path("scale").asInt();
		if (c.path("refused").asBoolean()) {
			assertThatThrownBy(() -> SalePricing.price(lines, discount, supply, scale))
				.isInstanceOf(SalePricing.Refused.class);
			return;
		}
		var priced = SalePricing.price(lines, discount, supply, scale);
		var figures = new LinkedHashMap<String, BigDecimal>();
		figures.put("subtotal", priced.subtotal());
		figures.put("discount_total", priced.discountTotal());
		figures.put("sale_discount", priced.saleDiscount());
		figures.put("taxable", priced.taxable());
		figures.put("cgst", priced.cgst());
		figures.put("sgst", priced.sgst());
		figures.put("igst", priced.igst());
		figures.put("cess", priced.cess());
		figures.put("tax", priced.tax());
		figures.put("total", priced.total());
		var expect = c.path("expect");
		compare(c.path("name").asString(), expect, figures);
		var expectedLines = expect.path("lines");
		for (int i = 0; i < expectedLines.size(); i++) {
			var line = priced.lines().get(i);
			compare(c.path("name").asString() + " line " + (i + 1), expectedLines.get(i), Map.of("gross", line.gross(),
					"discount", line.discount(), "sale_discount", line.saleDiscount(), "taxable", line.taxable(), "cgst",
					line.cgst(), "sgst", line.sgst(), "igst", line.igst(), "cess", line.cess(), "tax", line.tax(), "total",
					line.total()));
		}
	}

	private static void compare(String name, JsonNode expect, Map<String, BigDecimal> figures) {
		int checked = 0;
		for (var field : expect.propertyNames()) {
			if (field.equals("lines")) {
				continue;
			}
			assertThat(figures).as(name + ": unknown figure " + field).containsKey(field);
			assertThat(figures.get(field).toPlainString()).as(name + ": " + field)
				.isEqualTo(expect.path(field).asString());
			checked++;
		}
		assertThat(checked).as(name + " checks some figure").isPositive();
	}

	private static BigDecimal decimal(JsonNode node, String field) {
		return new BigDecimal(node.path(field).asString());
	}
}
