package dev.kassa.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.Ids;
import dev.kassa.support.IntegrationTestSupport;

/** The guarded decrement under many concurrent takers, in the way a sale's transaction uses it. */
class StockConcurrencyIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Stock stock;

	@Autowired
	EventLog events;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void twoHundredTakersOfFiftyLeaveExactlyZero() throws Exception {
		var location = Ids.next();
		var product = Ids.next();
		stock.receive(location, List.of(new StockLine(product, new BigDecimal("50"), false, true)), "opening");
		var taken = new AtomicInteger();
		var refused = new AtomicInteger();
		var tasks = new ArrayList<Callable<Void>>();
		for (int i = 0; i < 200; i++) {
			tasks.add(() -> {
				try {
					transactions.executeWithoutResult(tx -> {
						var document = Ids.next();
						stock.take(location, List.of(new StockLine(product, BigDecimal.ONE, false, true)), "SALE", "SALE",
								document);
						events.append("test.taken", "test", document, location, java.util.Map.of());
					});
					taken.incrementAndGet();
				}
				catch (InsufficientStock ex) {
					refused.incrementAndGet();
				}
				return null;
			});
		}
		try (var executor = Executors.newFixedThreadPool(32)) {
			for (var future : executor.invokeAll(tasks)) {
				future.get();
			}
		}
		assertThat(taken.get()).isEqualTo(50);
		assertThat(refused.get()).isEqualTo(150);
		assertThat(stock.level(location, product).onHand()).isEqualByComparingTo("0");
		assertThat(stock.reconcile()).isEmpty();
	}

	@Test
	void crossingDocumentsNeverDeadlockAndAShortLineTakesNothing() throws Exception {
		var location = Ids.next();
		var a = Ids.next();
		var b = Ids.next();
		stock.receive(location, List.of(new StockLine(a, new BigDecimal("100"), false, true),
				new StockLine(b, new BigDecimal("100"), false, true)), null);
		var tasks = new ArrayList<Callable<Void>>();
		for (int i = 0; i < 100; i++) {
			boolean reversed = i % 2 == 0;
			tasks.add(() -> {
				transactions.executeWithoutResult(tx -> {
					var lines = new ArrayList<>(List.of(new StockLine(a, BigDecimal.ONE, false, true),
							new StockLine(b, BigDecimal.ONE, false, true)));
					if (reversed) {
						java.util.Collections.reverse(lines);
					}
					var document = Ids.next();
					stock.take(location, lines, "SALE", "SALE", document);
					events.append("test.taken", "test", document, location, java.util.Map.of());
				});
				return null;
			});
		}
		try (var executor = Executors.newFixedThreadPool(16)) {
			for (var future : executor.invokeAll(tasks)) {
				future.get();
			}
		}
		assertThat(stock.level(location, a).onHand()).isEqualByComparingTo("0");
		assertThat(stock.level(location, b).onHand()).isEqualByComparingTo("0");

		stock.receive(location, List.of(new StockLine(a, new BigDecimal("5"), false, true)), null);
		var error = org.assertj.core.api.Assertions.catchThrowableOfType(InsufficientStock.class,
				() -> transactions.executeWithoutResult(tx -> stock.take(location,
						List.of(new StockLine(a, BigDecimal.ONE, false, true), new StockLine(b, BigDecimal.ONE, false, true)),
						"SALE", "SALE", Ids.next())));
		assertThat(error.shortages()).extracting(InsufficientStock.Shortage::productId).containsExactly(b);
		assertThat(stock.level(location, a).onHand()).as("the whole document rolled back").isEqualByComparingTo("5");
		assertThat(stock.reconcile()).isEmpty();
	}

	@Test
	void productsThatMayGoNegativeAlwaysPass() {
		var location = Ids.next();
		var product = Ids.next();
		transactions.executeWithoutResult(tx -> {
			var document = Ids.next();
			stock.take(location, List.of(new StockLine(product, new BigDecimal("2.5"), true, true)), "SALE", "SALE",
					document);
			events.append("test.taken", "test", document, location, java.util.Map.of());
		});
		assertThat(stock.level(location, product).onHand()).isEqualByComparingTo("-2.5");
		assertThat(stock.reconcile()).isEmpty();
	}

	@Test
	void reservationsHoldStockBackUntilFulfilledOrReleased() {
		var location = Ids.next();
		var product = Ids.next();
		stock.receive(location, List.of(new StockLine(product, new BigDecimal("3"), false, true)), null);
		var order = UUID.randomUUID();
		transactions.executeWithoutResult(tx -> {
			stock.reserve(location, List.of(new StockLine(product, new BigDecimal("2"), false, true)));
			events.append("test.reserved", "test", order, location, java.util.Map.of());
		});
		assertThat(stock.available(location, product)).isEqualByComparingTo("1");
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> transactions.executeWithoutResult(
				tx -> stock.take(location, List.of(new StockLine(product, new BigDecimal("2"), false, true)), "SALE",
						"SALE", Ids.next())))
			.isInstanceOf(InsufficientStock.class);
		transactions.executeWithoutResult(tx -> {
			stock.fulfil(location, List.of(new StockLine(product, new BigDecimal("2"), false, true)), "ORDER", order);
			events.append("test.fulfilled", "test", order, location, java.util.Map.of());
		});
		var level = stock.level(location, product);
		assertThat(level.onHand()).isEqualByComparingTo("1");
		assertThat(level.reserved()).isEqualByComparingTo("0");
		assertThat(stock.reconcile()).isEmpty();
	}
}
