package dev.kassa.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.support.IntegrationTestSupport;

class DocumentNumbersIntegrationTests extends IntegrationTestSupport {

	@Autowired
	DocumentNumbers numbers;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	EventLog events;

	private static final LocalDate TODAY = LocalDate.now(java.time.ZoneId.of("Asia/Kolkata"));

	private static final LocalDate YEAR_START = LocalDate.of(TODAY.getMonthValue() >= 4 ? TODAY.getYear()
			: TODAY.getYear() - 1, 4, 1);

	private String yearId;

	@BeforeEach
	void setUp() {
		api().put("/api/v1/organization", api().adminToken(), Map.of("legal_name", "Kassa Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata"));
		var years = api().get("/api/v1/organization/financial-years", api().adminToken()).json().path("items");
		for (var year : years) {
			if (year.path("starts_on").asString().equals(YEAR_START.toString())) {
				yearId = year.path("id").asString();
				return;
			}
		}
		yearId = api().post("/api/v1/organization/financial-years", api().adminToken(),
				Map.of("starts_on", YEAR_START.toString(), "ends_on", YEAR_START.plusYears(1).minusDays(1).toString()),
				UUID.randomUUID().toString()).json().path("id").asString();
	}

	private String newLocation(String code) {
		var created = api().post("/api/v1/locations", api().adminToken(),
				Map.of("code", code, "name", "Store " + code, "type", "STORE"), UUID.randomUUID().toString());
		assertThat(created.status()).isEqualTo(201);
		return created.json().path("id").asString();
	}

	private String take(DocumentType type, String locationId, LocalDate date) {
		return transactions.execute(tx -> {
			var number = numbers.take(type, UUID.fromString(locationId), date);
			events.append("test.numbered", "test", UUID.randomUUID(), UUID.fromString(locationId), Map.of("n", number));
			return number;
		});
	}

	@Test
	void aNewLocationGetsDefaultSeriesAndNumbersStartAtOne() {
		var location = newLocation("BLR1");
		var series = api().get("/api/v1/document-series?location_id=" + location, api().token("MANAGER"));
		assertThat(series.json().path("items").size()).isEqualTo(3);
		var code = YEAR_START.getYear() % 100 + "" + (YEAR_START.getYear() + 1) % 100;
		assertThat(take(DocumentType.SALE, location, TODAY)).isEqualTo("BLR1/" + code + "/000001");
		assertThat(take(DocumentType.SALE, location, TODAY)).isEqualTo("BLR1/" + code + "/000002");
		assertThat(take(DocumentType.ESTIMATE, location, TODAY)).isEqualTo("EBLR1/" + code + "/00001");
		var sale = series.json().path("items").findValues("document_type").stream().map(n -> n.asString()).toList();
		assertThat(sale).containsExactlyInAnyOrder("SALE", "ESTIMATE", "CREDIT_NOTE");
	}

	@Test
	void previewDoesNotTakeTheNumber() {
		var location = newLocation("PRV1");
		var id = api().get("/api/v1/document-series?document_type=SALE&location_id=" + location, api().adminToken())
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString();
		var first = api().get("/api/v1/document-series/" + id + "/next", api().token("MANAGER"));
		assertThat(first.json().path("sequence").asLong()).isEqualTo(1);
		assertThat(api().get("/api/v1/document-series/" + id + "/next", api().adminToken()).json().path("number"))
			.isEqualTo(first.json().path("number"));
		assertThat(take(DocumentType.SALE, location, TODAY)).isEqualTo(first.json().path("number").asString());
		assertThat(api().get("/api/v1/document-series/" + id + "/next", api().token("CASHIER")).status()).isEqualTo(403);
		assertThat(api().get("/api/v1/document-series/" + UUID.randomUUID() + "/next", api().adminToken()).status())
			.isEqualTo(404);
	}

	@Test
	void aFormatThatCouldExceedSixteenCharactersIsRefusedNamingFormat() {
		var location = newLocation("LONGCODE");
		long before = count("SELECT count(*) FROM document_series");
		var tooLong = api().post("/api/v1/document-series", api().adminToken(), Map.of("document_type", "DELIVERY",
				"location_id", location, "financial_year_id", yearId, "format", "{LOC}/{FY}/{SEQ:6}"),
				UUID.randomUUID().toString());
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.errorFields()).containsExactly("format");
		assertThat(api().post("/api/v1/document-series", api().adminToken(), Map.of("document_type", "DELIVERY",
				"location_id", location, "financial_year_id", yearId, "format", "D{SEQ:6}_x"),
				UUID.randomUUID().toString()).errorFields()).containsExactly("format");
		assertThat(api().post("/api/v1/document-series", api().adminToken(), Map.of("document_type", "DELIVERY",
				"location_id", UUID.randomUUID(), "financial_year_id", yearId, "format", "D{SEQ:6}"),
				UUID.randomUUID().toString()).errorFields()).containsExactly("location_id");
		assertThat(api().post("/api/v1/document-series", api().adminToken(), Map.of("document_type", "NOTE",
				"location_id", location, "financial_year_id", yearId, "format", "D{SEQ:6}"),
				UUID.randomUUID().toString()).errorFields()).containsExactly("document_type");
		assertThat(api().post("/api/v1/document-series", api().token("CASHIER"), Map.of("document_type", "DELIVERY",
				"location_id", location, "financial_year_id", yearId, "format", "{LOC}{SEQ:6}"),
				UUID.randomUUID().toString()).status()).isEqualTo(403);
		assertThat(count("SELECT count(*) FROM document_series")).isEqualTo(before);

		var fits = api().post("/api/v1/document-series", api().token("MANAGER"), Map.of("document_type", "DELIVERY",
				"location_id", location, "financial_year_id", yearId, "format", "{LOC}/{FY}/{SEQ:2}"),
				UUID.randomUUID().toString());
		assertThat(fits.status()).isEqualTo(201);
		var duplicate = api().post("/api/v1/document-series", api().token("MANAGER"), Map.of("document_type",
				"DELIVERY", "location_id", location, "financial_year_id", yearId, "format", "{LOC}{SEQ:3}"),
				UUID.randomUUID().toString());
		assertThat(duplicate.status()).isEqualTo(409);
	}

	@Test
	void noYearOrNoSeriesIsA409AndTakingNeedsATransaction() {
		var location = newLocation("NOSER1");
		assertThatThrownBy(() -> take(DocumentType.TRANSFER, location, TODAY)).isInstanceOfSatisfying(
				ApiException.class, ex -> assertThat(ex.code()).isEqualTo("no_document_series"));
		assertThatThrownBy(() -> take(DocumentType.SALE, location, LocalDate.of(1990, 1, 1)))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("no_financial_year"));
		assertThatThrownBy(() -> numbers.take(DocumentType.SALE, UUID.fromString(location), TODAY))
			.isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aClosedYearTakesNoNewDocuments() {
		var location = newLocation("OLD1");
		var closed = api().post("/api/v1/organization/financial-years", api().adminToken(),
				Map.of("starts_on", "2001-04-01", "ends_on", "2002-03-31"), UUID.randomUUID().toString());
		assertThat(take(DocumentType.SALE, location, LocalDate.of(2001, 5, 1))).isEqualTo("OLD1/0102/000001");
		api().post("/api/v1/organization/financial-years/" + closed.json().path("id").asString() + "/close",
				api().adminToken(), null);
		assertThatThrownBy(() -> take(DocumentType.SALE, location, LocalDate.of(2001, 5, 1)))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("financial_year_closed"));
	}

	@Test
	void aYearClosedWhileADocumentHoldsItsSeriesWaitsForItAndThenTakesNoMore() throws Exception {
		var location = newLocation("CLS1");
		var year = api().post("/api/v1/organization/financial-years", api().adminToken(),
				Map.of("starts_on", "2003-04-01", "ends_on", "2004-03-31"), UUID.randomUUID().toString());
		var date = LocalDate.of(2003, 6, 1);
		var holding = new CountDownLatch(1);
		var release = new CountDownLatch(1);
		try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
			var document = pool.submit(() -> transactions.execute(tx -> {
				var number = numbers.take(DocumentType.SALE, UUID.fromString(location), date);
				events.append("test.numbered", "test", UUID.randomUUID(), UUID.fromString(location), Map.of("n", number));
				holding.countDown();
				awaitLatch(release);
				return number;
			}));
			holding.await();
			var close = pool.submit(() -> api().post("/api/v1/organization/financial-years/"
					+ year.json().path("id").asString() + "/close", api().adminToken(), null));
			// the close waits for the document that holds the year's series: its UPDATE of the series is
			// seen waiting on a lock
			await().atMost(Duration.ofSeconds(10)).until(() -> count("""
					SELECT count(*) FROM pg_stat_activity
					WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE document_series SET closed%'
					""") == 1);
			assertThat(close.isDone()).isFalse();
			release.countDown();
			assertThat(document.get()).isEqualTo("CLS1/0304/000001");
			assertThat(close.get().status()).isEqualTo(200);
		}
		assertThatThrownBy(() -> take(DocumentType.SALE, location, date))
			.isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("financial_year_closed"));
		assertThat(count("SELECT count(*) FROM document_series WHERE location_id = '" + location
				+ "' AND financial_year_id = '" + year.json().path("id").asString() + "' AND NOT closed")).isZero();
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void theDatabaseRendersNumbersAsTheFormatDoes() {
		var location = newLocation("FMT1");
		var formats = List.of("{SEQ:1}", "X{SEQ:3}-{LOC}", "{FY}.{LOC}_{SEQ:12}", "A/{LOC}/{FY}/{SEQ:2}/Z");
		var types = List.of(DocumentType.DELIVERY, DocumentType.TRANSFER);
		var yearCode = YEAR_START.getYear() % 100 + "" + (YEAR_START.getYear() + 1) % 100;
		for (int i = 0; i < types.size(); i++) {
			var format = formats.get(i);
			var created = api().post("/api/v1/document-series", api().adminToken(), Map.of("document_type",
					types.get(i), "location_id", location, "financial_year_id", yearId, "format", format),
					UUID.randomUUID().toString());
			assertThat(created.status()).isEqualTo(201);
			for (long n = 1; n <= 3; n++) {
				assertThat(take(types.get(i), location, TODAY))
					.isEqualTo(SeriesFormat.parse(format, false).render("FMT1", yearCode, n));
			}
		}
		// the other formats, rendered by the database from a series row as it stands
		for (var format : formats) {
			var parsed = SeriesFormat.parse(format, false);
			for (long value : new long[] { 1, 7, parsed.maxValue() }) {
				var rendered = jdbc.sql("SELECT " + SeriesStore.RENDERED
						+ " FROM (SELECT :format AS format, 'FMT1' AS location_code, :year AS financial_year_code,"
						+ " :next::bigint AS next_value) s")
					.param("format", format)
					.param("year", yearCode)
					.param("next", value + 1)
					.query(String.class)
					.single();
				assertThat(rendered).isEqualTo(parsed.render("FMT1", yearCode, value));
			}
		}
	}

	@Test
	void aLocationWhoseSeriesGaveOutNumbersIsNotDeleted() {
		var used = newLocation("USED1");
		take(DocumentType.SALE, used, TODAY);
		var refused = api().delete("/api/v1/locations/" + used, api().adminToken());
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().path("detail").asString()).contains("1 document series that gave out numbers");
		assertThat(count("SELECT count(*) FROM document_series WHERE location_id = '" + used + "'")).isEqualTo(3);
		var unused = newLocation("UNUSED1");
		assertThat(api().delete("/api/v1/locations/" + unused, api().adminToken()).status()).isEqualTo(204);
		assertThat(count("SELECT count(*) FROM document_series WHERE location_id = '" + unused + "'")).isZero();
	}

	@Test
	void concurrentTakersWithRollbacksLeaveNoGapAndNoDuplicate() throws Exception {
		var location = UUID.fromString(newLocation("RACE1"));
		int threads = 50;
		int perThread = 40;
		var committed = new ConcurrentLinkedQueue<String>();
		var failures = new ConcurrentLinkedQueue<Throwable>();
		var start = new CountDownLatch(1);
		try (var pool = Executors.newFixedThreadPool(threads)) {
			for (int t = 0; t < threads; t++) {
				int thread = t;
				pool.submit(() -> {
					try {
						start.await();
						for (int i = 0; i < perThread; i++) {
							boolean rollBack = (thread * perThread + i) % 10 == 0;
							var number = transactions.execute(tx -> {
								var taken = numbers.take(DocumentType.SALE, location, TODAY);
								events.append("test.numbered", "test", UUID.randomUUID(), location, Map.of("n", taken));
								if (rollBack) {
									tx.setRollbackOnly();
								}
								return taken;
							});
							if (!rollBack) {
								committed.add(number);
							}
						}
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					return null;
				});
			}
			start.countDown();
		}
		assertThat(failures).isEmpty();
		int n = threads * perThread - threads * perThread / 10;
		assertThat(committed).hasSize(n);
		var sequences = new ArrayList<Integer>();
		committed.forEach(number -> sequences.add(Integer.parseInt(number.substring(number.lastIndexOf('/') + 1))));
		sequences.sort(null);
		var expected = new ArrayList<Integer>();
		for (int i = 1; i <= n; i++) {
			expected.add(i);
		}
		assertThat(sequences).isEqualTo(expected);
		assertThat(count("SELECT next_value FROM document_series WHERE document_type = 'SALE' AND location_id = '"
				+ location + "'")).isEqualTo(n + 1);
		assertThat(List.copyOf(committed)).doesNotHaveDuplicates();
	}
}
