package dev.kassa.security;

import static dev.kassa.support.Concurrently.concurrently;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.kassa.support.FakeProviders;
import dev.kassa.support.Fixtures;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.Shop;
import dev.kassa.support.TestClient;

/**
 * OWASP API6:2023 Unrestricted Access to Sensitive Business Flows: the flows of a shop that move money or goods,
 * tried beyond their rules by a till and by a manager.
 * <ul>
 * <li>a CASHIER's sale, order or estimate with a sale or line discount, or a lowered price, above the role's limit,
 * without a MANAGER's approval or with a forged one: 403 naming the field, no sale, no stock taken;</li>
 * <li>voids and returns: a CASHIER's without approval, a return of more than was sold, the same line returned twice,
 * refunds that do not add up to the return, a sale voided twice, a sale voided after a return (which gave the
 * returned part back twice: refund and stock), another location's sale voided: all refused, stock and refunds as
 * sold;</li>
 * <li>a sale's receipt sent again and again: at most {@code kassa.documents.sends-per-sale-per-day} in 24 h, the
 * rest 429 with nothing queued;</li>
 * <li>a stock adjustment and a bulk price change sent twice, and at once, with the same {@code Idempotency-Key}:
 * applied once, the repeats answered the first response.</li>
 * </ul>
 * Proved elsewhere: a MANAGER's approval, one use, bound to its sale, its location and its percent
 * ({@code sales.ApprovalIntegrationTests}); the limits per setting ({@code sales.DiscountLimitIntegrationTests}).
 */
class Api6UnrestrictedAccessToSensitiveBusinessFlowsIntegrationTests extends IntegrationTestSupport {

	static final FakeProviders PROVIDERS = new FakeProviders();

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		PROVIDERS.register(registry);
		registry.add("kassa.documents.sends-per-sale-per-day", () -> "3");
	}

	@AfterAll
	static void stopProviders() {
		PROVIDERS.close();
	}

	private Shop shop() {
		return Shop.open(api(), "S6" + (System.nanoTime() % 10000), new BigDecimal("50"));
	}

	private BigDecimal onHand(Shop shop, String product) {
		return api().get("/api/v1/stock/" + shop.location() + "/" + product, api().adminToken())
			.json()
			.path("on_hand")
			.decimalValue();
	}

	private static Map<String, Object> teaSale(Shop shop, int quantity, String paid) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", shop.location());
		body.put("lines", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("product_id", shop.tea(), "quantity", quantity)))));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal(paid))));
		return body;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> firstLine(Map<String, Object> body) {
		return ((List<Map<String, Object>>) body.get("lines")).get(0);
	}

	@Test
	void aTillCannotGiveMoreThanItsRoleAllowsWithoutAManager() {
		var shop = shop();
		var cashier = shop.cashier();
		long sales = count("SELECT count(*) FROM sales");
		long orders = count("SELECT count(*) FROM orders");
		long estimates = count("SELECT count(*) FROM estimates");

		var percent = teaSale(shop, 1, "0");
		percent.put("discount", 100);
		percent.put("is_percentage_discount", true);
		var amount = teaSale(shop, 1, "1");
		amount.put("discount", 20);
		var line = teaSale(shop, 1, "1");
		firstLine(line).put("discount", 19);
		var price = teaSale(shop, 1, "1.05");
		firstLine(price).put("unit_price", 1);
		record Attempt(String field, Map<String, Object> body) {
		}
		var attempts = List.of(new Attempt("discount", percent), new Attempt("discount", amount),
				new Attempt("lines[0].discount", line), new Attempt("lines[0].unit_price", price));
		for (var attempt : attempts) {
			var field = attempt.field();
			for (var route : List.of("/api/v1/sales", "/api/v1/orders", "/api/v1/estimates")) {
				var body = new LinkedHashMap<>(attempt.body());
				if (!route.equals("/api/v1/sales")) {
					body.remove("payments");
				}
				for (var approval : new String[] { null, "forged-" + UUID.randomUUID() }) {
					var headers = new LinkedHashMap<String, String>(Map.of("Idempotency-Key", key()));
					if (approval != null) {
						headers.put("Kassa-Approval", approval);
					}
					var refused = api().send("POST", route, cashier, body, headers);
					assertThat(refused.status()).as(route + " " + field + " approval " + approval + ": " + refused)
						.isEqualTo(403);
					if (approval == null) {
						assertThat(refused.errorFields()).as(route + " " + field).contains(field);
					}
					else {
						assertThat(refused.json().path("code").asString()).as(route + " " + field)
							.isEqualTo("approval_refused");
					}
				}
			}
		}
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(sales);
		assertThat(count("SELECT count(*) FROM orders")).isEqualTo(orders);
		assertThat(count("SELECT count(*) FROM estimates")).isEqualTo(estimates);
		assertThat(onHand(shop, shop.tea())).isEqualByComparingTo("50");
		// the same sale is the manager's to give
		var byManager = api().post("/api/v1/sales", api().token("MANAGER"), percent, key());
		assertThat(byManager.status()).as(byManager.toString()).isEqualTo(201);
		assertThat(byManager.json().path("total").decimalValue()).isEqualByComparingTo("0");
	}

	@Test
	void voidsAndReturnsGoNoFurtherThanTheSale() {
		var shop = shop();
		var manager = api().token("MANAGER");
		var sale = ok(api().post("/api/v1/sales", shop.cashier(), teaSale(shop, 2, "42.00"), key()));
		var saleId = sale.json().path("id").asString();
		var lineId = sale.json().path("lines").get(0).path("id").asString();
		assertThat(onHand(shop, shop.tea())).isEqualByComparingTo("48");
		long creditNotes = count("SELECT count(*) FROM sale_returns");

		var byCashier = api().post("/api/v1/sales/" + saleId + "/void", shop.cashier(), Map.of("reason", "mine"), key());
		assertThat(byCashier.status()).as(byCashier.toString()).isEqualTo(403);
		assertThat(byCashier.json().path("code").asString()).isEqualTo("approval_required");
		var cashierReturn = api().post("/api/v1/sales/" + saleId + "/returns", shop.cashier(),
				giveBack(lineId, 1, "21.00"), key());
		assertThat(cashierReturn.status()).as(cashierReturn.toString()).isEqualTo(403);

		var moreThanSold = api().post("/api/v1/sales/" + saleId + "/returns", manager, giveBack(lineId, 3, "63.00"), key());
		assertThat(moreThanSold.status()).as(moreThanSold.toString()).isEqualTo(409);
		assertThat(moreThanSold.json().path("code").asString()).isEqualTo("return_exceeds_sold");
		assertThat(moreThanSold.errorFields()).containsExactly("lines[0].quantity");
		var overRefunded = api().post("/api/v1/sales/" + saleId + "/returns", manager, giveBack(lineId, 1, "100.00"), key());
		assertThat(overRefunded.status()).as(overRefunded.toString()).isEqualTo(422);
		assertThat(overRefunded.errorFields()).containsExactly("refunds");
		var sameLineTwice = new LinkedHashMap<String, Object>(giveBack(lineId, 1, "42.00"));
		sameLineTwice.put("lines", List.of(Map.of("sale_line_id", lineId, "quantity", 1, "restock", true),
				Map.of("sale_line_id", lineId, "quantity", 1, "restock", true)));
		var twice = api().post("/api/v1/sales/" + saleId + "/returns", manager, sameLineTwice, key());
		assertThat(twice.status()).as(twice.toString()).isEqualTo(400);
		assertThat(count("SELECT count(*) FROM sale_returns")).isEqualTo(creditNotes);
		assertThat(onHand(shop, shop.tea())).isEqualByComparingTo("48");

		ok(api().post("/api/v1/sales/" + saleId + "/returns", manager, giveBack(lineId, 2, "42.00"), key()));
		assertThat(onHand(shop, shop.tea())).isEqualByComparingTo("50");
		var again = api().post("/api/v1/sales/" + saleId + "/returns", manager, giveBack(lineId, 1, "21.00"), key());
		assertThat(again.status()).as(again.toString()).isEqualTo(409);
		assertThat(again.json().path("code").asString()).isEqualTo("return_exceeds_sold");
		// the hole: a void after a return gave the returned goods and money back a second time
		var voidAfterReturn = api().post("/api/v1/sales/" + saleId + "/void", manager, Map.of("reason", "again"), key());
		assertThat(voidAfterReturn.status()).as(voidAfterReturn.toString()).isEqualTo(409);
		assertThat(voidAfterReturn.json().path("code").asString()).isEqualTo("sale_has_returns");
		assertThat(onHand(shop, shop.tea())).isEqualByComparingTo("50");
		assertThat(api().get("/api/v1/sales/" + saleId, manager).json().path("status").asString()).isEqualTo("COMPLETED");
		assertThat(count("SELECT count(*) FROM sale_returns")).isEqualTo(creditNotes + 1);

		var other = id(api().post("/api/v1/sales", shop.cashier(), teaSale(shop, 1, "21.00"), key()));
		var elsewhere = Shop.open(api(), "X6" + (System.nanoTime() % 10000), BigDecimal.ONE);
		var otherManager = api().tokenForNewUser("api6-mgr-" + System.nanoTime(), List.of("MANAGER"),
				List.of(elsewhere.location()));
		var foreign = api().post("/api/v1/sales/" + other + "/void", otherManager, Map.of("reason", "not mine"), key());
		assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
		ok(api().post("/api/v1/sales/" + other + "/void", manager, Map.of("reason", "rung twice"), key()));
		var voidTwice = api().post("/api/v1/sales/" + other + "/void", manager, Map.of("reason", "rung twice"), key());
		assertThat(voidTwice.status()).as(voidTwice.toString()).isEqualTo(409);
		assertThat(voidTwice.json().path("code").asString()).isEqualTo("sale_already_voided");
		var returnVoided = api().post("/api/v1/sales/" + other + "/returns", manager, giveBack(
				api().get("/api/v1/sales/" + other, manager).json().path("lines").get(0).path("id").asString(), 1, "21.00"),
				key());
		assertThat(returnVoided.status()).as(returnVoided.toString()).isEqualTo(409);
		assertThat(onHand(shop, shop.tea())).isEqualByComparingTo("50");
	}

	private static Map<String, Object> giveBack(String lineId, int quantity, String refund) {
		return Map.of("lines", List.of(Map.of("sale_line_id", lineId, "quantity", quantity, "restock", true)), "reason",
				"customer changed mind", "refunds", List.of(Map.of("method", "CASH", "amount", new BigDecimal(refund))));
	}

	@Test
	void aSalesReceiptIsSentAtMostTheDailyLimit() {
		var shop = shop();
		var saleId = id(api().post("/api/v1/sales", shop.cashier(), teaSale(shop, 1, "21.00"), key()));
		var send = Map.of("channel", "EMAIL", "to", "flood-" + System.nanoTime() + "@example.com");
		var firstKey = key();
		var first = api().post("/api/v1/sales/" + saleId + "/send", shop.cashier(), send, firstKey);
		assertThat(first.status()).as(first.toString()).isEqualTo(202);
		for (int i = 1; i < 3; i++) {
			assertThat(api().post("/api/v1/sales/" + saleId + "/send", shop.cashier(), send, key()).status()).isEqualTo(202);
		}
		long queued = count("SELECT count(*) FROM events WHERE type = 'message.queued'");
		for (var token : List.of(shop.cashier(), api().token("MANAGER"))) {
			var refused = api().post("/api/v1/sales/" + saleId + "/send", token, send, key());
			assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
			assertThat(refused.json().path("code").asString()).isEqualTo("send_limit_reached");
		}
		// a repeat of a send that was let through is its first answer, not a new send
		var repeat = api().post("/api/v1/sales/" + saleId + "/send", shop.cashier(), send, firstKey);
		assertThat(repeat.status()).isEqualTo(202);
		assertThat(repeat.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(count("SELECT count(*) FROM messages WHERE reference = 'sale:" + saleId + "'")).isEqualTo(3);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'message.queued'")).isEqualTo(queued);
		// another sale has a limit of its own
		var another = id(api().post("/api/v1/sales", shop.cashier(), teaSale(shop, 1, "21.00"), key()));
		assertThat(api().post("/api/v1/sales/" + another + "/send", shop.cashier(), send, key()).status()).isEqualTo(202);
	}

	@Test
	void concurrentSendsCannotAllSlipUnderTheLimit() throws Exception {
		var shop = shop();
		var saleId = id(api().post("/api/v1/sales", shop.cashier(), teaSale(shop, 1, "21.00"), key()));
		var send = Map.of("channel", "EMAIL", "to", "race-" + System.nanoTime() + "@example.com");
		var answers = concurrently(8, i -> api().post("/api/v1/sales/" + saleId + "/send", shop.cashier(), send, key()));
		assertThat(answers.stream().filter(a -> a.status() == 202).count()).as(answers.toString()).isEqualTo(3);
		assertThat(answers.stream().filter(a -> a.status() == 429).count()).isEqualTo(5);
		assertThat(count("SELECT count(*) FROM messages WHERE reference = 'sale:" + saleId + "'")).isEqualTo(3);
	}

	@Test
	void aReplayedAdjustmentOrPriceChangeIsAppliedOnce() throws Exception {
		var fixtures = new Fixtures(api());
		fixtures.organization();
		var manager = api().token("MANAGER");
		var location = fixtures.location("R6" + (System.nanoTime() % 10000), "29");
		var category = id(api().post("/api/v1/categories", api().adminToken(), Map.of("name", "Replays " + System.nanoTime()),
				key()));
		var soap = fixtures.product("R6-" + UUID.randomUUID(), "100.00", Fixtures.GST_18, "track_stock", true,
				"category_id", category);

		var adjustment = Map.of("location_id", location, "product_id", soap, "quantity_change", 7, "reason", "found");
		var adjustmentKey = key();
		var adjustments = concurrently(4, i -> api().post("/api/v1/stock/adjustments", manager, adjustment, adjustmentKey));
		adjustments.add(api().post("/api/v1/stock/adjustments", manager, adjustment, adjustmentKey));
		for (var answer : adjustments) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(adjustments.get(0).status());
			assertThat(answer.body()).isEqualTo(adjustments.get(0).body());
		}
		assertThat(api().get("/api/v1/stock/" + location + "/" + soap, manager).json().path("on_hand").decimalValue())
			.isEqualByComparingTo("7");

		var change = Map.of("category_id", category, "percent", 10);
		var changeKey = key();
		var changes = concurrently(4, i -> api().post("/api/v1/products/bulk/price-change", manager, change, changeKey));
		changes.add(api().post("/api/v1/products/bulk/price-change", manager, change, changeKey));
		for (TestClient.Response answer : changes) {
			assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
			assertThat(answer.body()).isEqualTo(changes.get(0).body());
		}
		assertThat(api().get("/api/v1/products/" + soap, manager).json().path("price").decimalValue())
			.isEqualByComparingTo("110.00");
		// the same key for another change is not a repeat of the first
		var reused = api().post("/api/v1/products/bulk/price-change", manager, Map.of("category_id", category, "percent", 50),
				changeKey);
		assertThat(reused.status()).as(reused.toString()).isIn(409, 422);
		assertThat(api().get("/api/v1/products/" + soap, manager).json().path("price").decimalValue())
			.isEqualByComparingTo("110.00");
	}
}
