package dev.kassa.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The campaign's checker: compares what the tills were told with what the database holds, and answers every
 * way they disagree (empty when they agree). Every acknowledged sale exists once with the number it was
 * told; no sale exists that no till was acknowledged (a sale twice); the numbers of the shop's series are
 * 1..n; stock is the receipts less what the tills sold, and the ledger's sum; each sale has its event and
 * its stock movements; the event chain verifies.
 */
public final class SalesCheck {

	private SalesCheck() {
	}

	public static List<String> violations(JdbcClient jdbc, Shop shop, List<Tills.Sale> sales) {
		var found = new ArrayList<String>();
		var location = UUID.fromString(shop.location());
		var told = new HashMap<String, String>();
		long pieces = 0;
		for (var sale : sales) {
			var answer = sale.acknowledged();
			if (answer == null) {
				found.add("sale " + sale.key + " was never acknowledged (answers " + sale.statuses() + ")");
				continue;
			}
			var id = answer.json().path("id").asString();
			if (told.put(id, answer.json().path("number").asString()) != null) {
				found.add("two keys were answered the same sale " + id);
			}
			pieces += sale.quantity;
		}
		var stored = new HashMap<String, String>();
		jdbc.sql("SELECT id::text, number FROM sales WHERE location_id = :l")
			.param("l", location)
			.query((rs, n) -> stored.put(rs.getString(1), rs.getString(2)))
			.list();
		told.forEach((id, number) -> {
			var kept = stored.get(id);
			if (kept == null) {
				found.add("acknowledged sale " + id + " (" + number + ") is not in the database: LOST");
			}
			else if (!kept.equals(number)) {
				found.add("sale " + id + " was told number " + number + " but holds " + kept);
			}
		});
		stored.keySet().stream().filter(id -> !told.containsKey(id))
			.forEach(id -> found.add("sale " + id + " exists but no till was acknowledged it: a sale twice"));

		var numbers = new TreeSet<Long>();
		stored.values().forEach(number -> numbers.add(Long.parseLong(number.replaceAll("^.*\\D", ""))));
		if (numbers.size() != stored.size()) {
			found.add("a number is used twice");
		}
		if (!numbers.isEmpty() && (numbers.first() != 1 || numbers.last() != numbers.size())) {
			found.add("numbers are not gapless: " + numbers.size() + " sales numbered " + numbers.first() + ".."
					+ numbers.last());
		}

		var expected = shop.stock().subtract(BigDecimal.valueOf(pieces));
		for (var product : List.of(shop.tea(), shop.rice())) {
			var onHand = jdbc.sql("SELECT on_hand FROM stock_levels WHERE location_id = :l AND product_id = :p")
				.param("l", location)
				.param("p", UUID.fromString(product))
				.query(BigDecimal.class)
				.single();
			var ledger = jdbc.sql("SELECT coalesce(sum(quantity), 0) FROM stock_movements WHERE location_id = :l AND product_id = :p")
				.param("l", location)
				.param("p", UUID.fromString(product))
				.query(BigDecimal.class)
				.single();
			if (onHand.compareTo(expected) != 0) {
				found.add("stock of " + product + " is " + onHand + ", receipts less sales make " + expected);
			}
			if (onHand.compareTo(ledger) != 0) {
				found.add("stock of " + product + " is " + onHand + " but its movements add up to " + ledger);
			}
			long movements = jdbc.sql("""
					SELECT count(*) FROM stock_movements m JOIN sales s ON s.id = m.document_id
					WHERE m.location_id = :l AND m.product_id = :p AND m.kind = 'SALE'
					""").param("l", location).param("p", UUID.fromString(product)).query(Long.class).single();
			if (movements != stored.size()) {
				found.add(movements + " sale movements of " + product + " for " + stored.size() + " sales");
			}
		}

		var evented = new HashSet<>(jdbc.sql("""
				SELECT aggregate_id::text FROM events WHERE type = 'sale.completed' AND location_id = :l
				""").param("l", location).query(String.class).list());
		long events = jdbc.sql("SELECT count(*) FROM events WHERE type = 'sale.completed' AND location_id = :l")
			.param("l", location)
			.query(Long.class)
			.single();
		if (events != evented.size()) {
			found.add("a sale has more than one sale.completed event");
		}
		if (!evented.equals(stored.keySet())) {
			var missing = new HashSet<>(stored.keySet());
			missing.removeAll(evented);
			var orphans = new HashSet<>(evented);
			orphans.removeAll(stored.keySet());
			found.add("events and sales differ: " + missing.size() + " sales without an event, " + orphans.size()
					+ " events without a sale");
		}

		try {
			Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
				.until(() -> jdbc.sql("SELECT count(*) FROM events WHERE seq IS NULL").query(Long.class).single() == 0);
		}
		catch (ConditionTimeoutException stuck) {
			found.add("events are still unsealed after 60 s: the sealer is stuck");
		}
		var verified = shop.api().post("/api/v1/events/verify", shop.api().adminToken(), null);
		if (verified.status() != 200 || !verified.json().path("ok").asBoolean()) {
			found.add("the event chain does not verify: " + verified);
		}
		return found;
	}
}
