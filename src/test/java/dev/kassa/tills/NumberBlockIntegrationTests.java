package dev.kassa.tills;

import static dev.kassa.support.Concurrently.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.TestClient;

/**
 * Blocks of sale numbers for offline tills: cut from the SALE series without overlapping direct sales, used
 * once each by a sale posted with its number, and what is left cancelled with a reason when handed back, so
 * that every number of the series is a sale or an explained cancellation.
 */
class NumberBlockIntegrationTests extends TillTesting {

	TestClient.Response reserve(String token, String terminal, Object size) {
		return api().post("/api/v1/terminals/" + terminal + "/number-blocks", token, Map.of("size", size), key());
	}

	/**
	 * Made when the test began, the same for every replay: after the test's blocks were reserved, within the
	 * clock skew a till may have (a sale is never made with a number before its block was reserved).
	 */
	private final String madeAt = OffsetDateTime.now(ZoneOffset.ofHoursMinutes(5, 30)).toString();

	TestClient.Response sellOffline(String token, Shop shop, String number, String key) {
		var body = new LinkedHashMap<String, Object>();
		body.put("location_id", shop.location());
		body.put("terminal_id", shop.terminal());
		body.put("lines", List.of(Map.of("product_id", shop.product(), "quantity", new BigDecimal("1"))));
		body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("105.00"))));
		body.put("number", number);
		body.put("made_at", madeAt);
		return api().post("/api/v1/sales", token, body, key);
	}

	@Test
	void aBlockIsCutFromTheSeriesUsedOnceAndItsRestCancelledWhenHandedBack() {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var before = ok(sell(cashier, shop, "1", "CASH", "105.00")).json().path("number").asString();
		var block = reserve(cashier, shop.terminal(), 5);
		assertThat(block.status()).as(block.toString()).isEqualTo(201);
		var first = block.json().path("first_number").asString();
		var last = block.json().path("last_number").asString();
		assertThat(sequence(first)).isEqualTo(sequence(before) + 1);
		assertThat(sequence(last)).isEqualTo(sequence(first) + 4);
		assertThat(block.json().path("state").asString()).isEqualTo("OPEN");
		var after = ok(sell(cashier, shop, "1", "CASH", "105.00")).json().path("number").asString();
		assertThat(sequence(after)).as("a direct sale takes the number after the block").isEqualTo(sequence(last) + 1);

		var second = first.replaceAll("[0-9]+$", String.format("%0" + (first.length() - first.replaceAll("[0-9]+$", "").length())
				+ "d", sequence(first) + 1));
		var key = key();
		var offline = sellOffline(cashier, shop, second, key);
		assertThat(offline.status()).as(offline.toString()).isEqualTo(201);
		assertThat(offline.json().path("number").asString()).isEqualTo(second);
		var replay = sellOffline(cashier, shop, second, key);
		assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
		assertThat(replay.json().path("id").asString()).as("a replay answers the first sale").isEqualTo(offline.json().path("id").asString());
		refused(sellOffline(cashier, shop, second, key()), 409, "number_already_used");
		refused(sellOffline(cashier, shop, after, key()), 409, "number_not_in_block");
		refused(sellOffline(cashier, shop, "NOPE/1", key()), 409, "number_not_in_block");
		assertThat(count("SELECT count(*) FROM sales WHERE number = '" + second + "'")).isEqualTo(1);

		// another terminal's block number is not this terminal's
		var other = terminal(shop.location(), "TILL-2");
		var otherBlock = ok(reserve(manager(), other, 2)).json();
		refused(sellOffline(cashier, shop, otherBlock.path("first_number").asString(), key()), 409, "number_not_in_block");

		var released = api().post("/api/v1/terminals/" + shop.terminal() + "/number-blocks/"
				+ block.json().path("id").asString() + "/release", cashier, Map.of("reason", "till replaced"), key());
		assertThat(released.status()).as(released.toString()).isEqualTo(200);
		assertThat(released.json().path("state").asString()).isEqualTo("RELEASED");
		assertThat(released.json().path("used").asLong()).isEqualTo(1);
		assertThat(released.json().path("cancelled").asLong()).isEqualTo(4);
		// a till that sold offline with a number of the block before it learnt of the hand-back: the sale is real
		var late = ok(sellOffline(cashier, shop, first, key())).json();
		assertThat(late.path("number").asString()).isEqualTo(first);
		refused(api().post("/api/v1/terminals/" + shop.terminal() + "/number-blocks/" + block.json().path("id").asString()
				+ "/release", cashier, null, key()), 409, "number_block_released");
		assertThat(count("SELECT count(*) FROM number_block_numbers WHERE reason = 'till replaced'")).isEqualTo(3);
		assertThat(count("SELECT count(*) FROM number_block_numbers WHERE number = '" + first + "' AND state = 'USED'"
				+ " AND document_id = '" + late.path("id").asString() + "'::uuid")).isEqualTo(1);
		ok(api().post("/api/v1/terminals/" + other + "/number-blocks/" + otherBlock.path("id").asString() + "/release",
				manager(), null, key()));
		seriesIsExplained(shop.location());
	}

	@Test
	void closingTheSessionHandsTheTerminalsOpenBlocksBack() {
		var shop = shop();
		var cashier = cashier();
		var session = openSession(cashier, shop.terminal(), "0");
		var a = ok(reserve(cashier, shop.terminal(), 3)).json();
		var b = ok(reserve(cashier, shop.terminal(), 2)).json();
		ok(sellOffline(cashier, shop, b.path("last_number").asString(), key()));
		var closed = close(cashier, session, Map.of("CASH", "105.00"));
		assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
		var blocks = ok(api().get("/api/v1/terminals/" + shop.terminal() + "/number-blocks", cashier)).json().path("items");
		assertThat(blocks).hasSize(2).allMatch(block -> block.path("state").asString().equals("RELEASED"));
		assertThat(count("SELECT count(*) FROM number_block_numbers WHERE block_id IN ('" + a.path("id").asString() + "', '"
				+ b.path("id").asString() + "') AND state = 'CANCELLED' AND reason LIKE 'session closed%'")).isEqualTo(4);
		assertThat(ok(api().get("/api/v1/terminals/" + shop.terminal() + "/number-blocks?state=OPEN", cashier)).json()
			.path("items")).isEmpty();
		seriesIsExplained(shop.location());
	}

	/**
	 * Blocks reserved while tills sell directly and sell offline from earlier blocks: no number is given twice,
	 * and after the blocks are handed back every number of the series is a sale or a cancellation.
	 */
	@Test
	void blocksTakenInParallelWithSalesNeverOverlapAndLeaveNoUnexplainedGap() throws Exception {
		var shop = shop();
		var cashier = cashier();
		openSession(cashier, shop.terminal(), "0");
		var early = ok(reserve(cashier, shop.terminal(), 10)).json();
		var earlyNumbers = new ArrayList<String>();
		var firstEarly = early.path("first_number").asString();
		var prefix = firstEarly.replaceAll("[0-9]+$", "");
		int width = firstEarly.length() - prefix.length();
		for (long v = sequence(firstEarly); v <= sequence(early.path("last_number").asString()); v++) {
			earlyNumbers.add(prefix + String.format("%0" + width + "d", v));
		}
		int reservers = 8, sellers = 16, offline = 10;
		var responses = concurrently(reservers + sellers + offline, i -> i < reservers ? reserve(cashier, shop.terminal(), 4)
				: i < reservers + sellers ? sell(cashier, shop, "1", "CASH", "105.00")
						: sellOffline(cashier, shop, earlyNumbers.get(i - reservers - sellers), key()));
		var given = new HashSet<Long>();
		for (long v = sequence(firstEarly); v <= sequence(early.path("last_number").asString()); v++) {
			given.add(v);
		}
		for (int i = 0; i < responses.size(); i++) {
			var response = responses.get(i);
			assertThat(response.status()).as(response.toString()).isEqualTo(201);
			if (i < reservers) {
				for (long v = sequence(response.json().path("first_number").asString()); v <= sequence(
						response.json().path("last_number").asString()); v++) {
					assertThat(given.add(v)).as("number " + v + " given twice").isTrue();
				}
			}
			else if (i < reservers + sellers) {
				assertThat(given.add(sequence(response.json().path("number").asString()))).as(response.toString()).isTrue();
			}
			else {
				assertThat(response.json().path("number").asString()).isEqualTo(earlyNumbers.get(i - reservers - sellers));
			}
		}
		for (var block : ok(api().get("/api/v1/terminals/" + shop.terminal() + "/number-blocks?state=OPEN", cashier)).json()
			.path("items")) {
			ok(api().post("/api/v1/terminals/" + shop.terminal() + "/number-blocks/" + block.path("id").asString()
					+ "/release", cashier, Map.of("reason", "test over"), key()));
		}
		seriesIsExplained(shop.location());
		System.out.printf("blocks race: %d numbers given, %d cancelled%n", given.size(),
				count("SELECT count(*) FROM number_block_numbers n JOIN number_blocks b ON b.id = n.block_id WHERE b.location_id = '"
						+ shop.location() + "'::uuid AND n.state = 'CANCELLED'"));
	}

	@Nested
	class BadInput {

		@Test
		void badReservationsAreRefusedNamingTheFieldAndWriteNothing() {
			var shop = shop();
			var cashier = cashier();
			var path = "/api/v1/terminals/" + shop.terminal() + "/number-blocks";
			invalid(api().post(path, cashier, Map.of("size", 3)), "Idempotency-Key");
			invalid(reserve(cashier, shop.terminal(), 0), "size");
			invalid(reserve(cashier, shop.terminal(), 1001), "size");
			invalid(reserve(cashier, shop.terminal(), "many"), "size");
			invalid(api().post(path, cashier, Map.of(), key()), "size");
			assertThat(api().post(path, cashier, Map.of("size", 3, "colour", "red"), key()).status()).isEqualTo(400);
			assertThat(reserve(api().token("EMPLOYEE"), shop.terminal(), 3).status()).isEqualTo(403);
			assertThat(reserve(cashier, java.util.UUID.randomUUID().toString(), 3).status()).isEqualTo(404);
			assertThat(reserve(cashier, "not-a-uuid", 3).status()).isEqualTo(400);
			assertThat(api().post(path + "/" + java.util.UUID.randomUUID() + "/release", cashier, null, key()).status())
				.isEqualTo(404);
			invalid(api().get(path + "?state=SHUT", cashier), "state");
			ok(api().post("/api/v1/terminals/" + shop.terminal() + "/deactivate", manager(), null, key()));
			refused(reserve(cashier, shop.terminal(), 3), 409, "terminal_inactive");
			assertThat(count("SELECT count(*) FROM number_blocks WHERE terminal_id = '" + shop.terminal() + "'")).isZero();
		}

		@Test
		void anOfflineSaleNeedsItsTerminalAndATimeNotInTheFuture() {
			var shop = shop();
			var cashier = cashier();
			openSession(cashier, shop.terminal(), "0");
			var block = ok(reserve(cashier, shop.terminal(), 2)).json();
			var body = new LinkedHashMap<String, Object>();
			body.put("location_id", shop.location());
			body.put("lines", List.of(Map.of("product_id", shop.product(), "quantity", new BigDecimal("1"))));
			body.put("payments", List.of(Map.of("method", "CASH", "amount", new BigDecimal("105.00"))));
			body.put("number", block.path("first_number").asString());
			invalid(api().post("/api/v1/sales", cashier, body, key()), "terminal_id");
			body.put("terminal_id", shop.terminal());
			body.put("made_at", "yesterday");
			invalid(api().post("/api/v1/sales", cashier, body, key()), "made_at");
			body.put("made_at", OffsetDateTime.now().plusDays(1).toString());
			invalid(api().post("/api/v1/sales", cashier, body, key()), "made_at");
			body.put("made_at", OffsetDateTime.now().toString());
			body.put("number", "X".repeat(17));
			invalid(api().post("/api/v1/sales", cashier, body, key()), "number");
			assertThat(count("SELECT count(*) FROM sales WHERE terminal_id = '" + shop.terminal() + "'")).isZero();
			assertThat(count("SELECT count(*) FROM number_block_numbers WHERE block_id = '" + block.path("id").asString()
					+ "' AND state = 'FREE'")).isEqualTo(2);
		}
	}
}
