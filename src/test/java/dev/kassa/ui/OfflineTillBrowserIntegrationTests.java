package dev.kassa.ui;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static dev.kassa.support.Responses.id;
import static dev.kassa.support.Responses.key;
import static dev.kassa.support.Responses.ok;

/**
 * The till selling while Kassa cannot be reached, in real headless Chromium. The browser talks to Kassa
 * through {@link Link}, a TCP relay this test can cut (connections refused, as when the shop's line is
 * down: for the page, its event stream and its service worker alike), and the page is also set offline
 * through the DevTools protocol. A sale online; twenty offline, one of them of a product whose price a
 * manager changed on Kassa meanwhile; a browser restart on the same profile with the link still down (the
 * service worker opens the till, the outbox is still there); the link back: every sale is on Kassa exactly
 * once, under its block number, with the till's totals. Then two tabs replay the same outbox: no duplicate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineTillBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final ZoneId KOLKATA = ZoneId.of("Asia/Kolkata");

	private static final String TEA = "8902000000017";

	private static final String DAL = "8902000000024";

	private static final String GHEE = "8902000000031";

	private static final int OFFLINE_SALES = 20;

	private final String cashierName = "off-cashier-" + UUID.randomUUID().toString().substring(0, 8);

	private Link link;

	private boolean receiptShot;

	private Browser browser;

	private String location;

	private String terminal;

	private String dal;

	@BeforeAll
	void start() throws IOException {
		var admin = api().adminToken();
		ok(api().put("/api/v1/organization", admin, Map.of("legal_name", "Offline Traders", "country", "IN",
				"currency", "INR", "time_zone", "Asia/Kolkata")));
		var today = LocalDate.now(KOLKATA);
		int startYear = today.getMonthValue() >= 4 ? today.getYear() : today.getYear() - 1;
		ok(api().post("/api/v1/organization/financial-years", admin, Map.of("starts_on",
				LocalDate.of(startYear, 4, 1).toString(), "ends_on", LocalDate.of(startYear + 1, 3, 31).toString()),
				key()));
		var gst18 = id(api().post("/api/v1/tax-classes", admin,
				Map.of("code", "GST18", "name", "GST 18%", "kind", "GST", "rate", 18), key()));
		var gst5 = id(api().post("/api/v1/tax-classes", admin,
				Map.of("code", "GST5", "name", "GST 5%", "kind", "GST", "rate", 5), key()));
		location = id(api().post("/api/v1/locations", admin, Map.of("code", "OFF", "name", "Offline Store", "type",
				"STORE", "state_code", "29", "time_zone", "Asia/Kolkata"), key()));
		product(admin, "TEA", "Masala tea", "100.00", false, gst18, TEA);
		dal = product(admin, "DAL", "Toor dal 1 kg", "50.00", false, gst5, DAL);
		product(admin, "GHEE", "Ghee 500 ml", "333.33", true, gst5, GHEE);
		api().tokenForNewUser(cashierName, List.of("CASHIER"), null);
		terminal = id(api().post("/api/v1/terminals", api().token("MANAGER"),
				Map.of("location_id", location, "code", "OFF-1", "name", "Offline till"), key()));
		link = new Link(port);
		browser = new Browser(link.port(), 1280, 800);
	}

	@AfterAll
	void stop() {
		if (browser != null) {
			browser.close();
		}
		if (link != null) {
			link.close();
		}
	}

	@Test
	@Order(1)
	void salesMadeOfflineSurviveARestartAndReachKassaOnceEachWithTheirBlockNumbers() {
		openTill();
		browser.find("#open-session");
		browser.type("#opening-float", "1000", Keys.ENTER);
		browser.find("#sale");
		// signed in and online: the catalog is in IndexedDB and a block of numbers is reserved
		browser.waitFor(d -> Long.valueOf(3).equals(asyncScript("return kassaOffline.products()")));
		browser.textContaining("#offline-numbers", "25 offline numbers left");
		browser.textContaining("#offline-pending", "No sale waiting");
		var block = api().get("/api/v1/terminals/" + terminal + "/number-blocks?state=OPEN", api().token("MANAGER")).json()
			.path("items").get(0);
		long firstValue = block.path("first_value").asLong();

		var online = sell(TEA);
		assertThat(online.number()).isNotIn(numbersOf(block));
		assertThat(online.madeOffline()).isFalse();
		assertThat(sale(online.number()).path("total").decimalValue()).isEqualByComparingTo("118.00");

		// the service worker has the shell in its cache before the line goes down
		assertThat(asyncScript("return navigator.serviceWorker.ready.then(r => !!r.active)")).isEqualTo(true);
		goOffline();
		// a manager changes the dal's price on Kassa; the till cannot hear of it and sells at 50.00
		ok(api().put("/api/v1/products/" + dal, api().token("MANAGER"), productBody("DAL", "Toor dal 1 kg", "54.00",
				false, jdbc.sql("SELECT tax_class_id::text FROM products WHERE id = :id::uuid").param("id", dal)
					.query(String.class).single(), DAL)));
		var offline = new ArrayList<Sold>();
		String[] cycle = { TEA, DAL, GHEE, DAL };
		for (int i = 0; i < OFFLINE_SALES; i++) {
			offline.add(sell(cycle[i % cycle.length]));
			assertThat(offline.get(i).madeOffline()).as("receipt %d says it was made offline", i + 1).isTrue();
		}
		browser.textContaining("#offline-state", "Offline");
		browser.textContaining("#offline-pending", OFFLINE_SALES + " sales waiting");
		browser.screenshot("offline-01-pending");
		// the receipts carry the block's numbers, in order, and the till's totals are the server's rules
		for (int i = 0; i < OFFLINE_SALES; i++) {
			assertThat(offline.get(i).number()).isEqualTo(numbersOf(block).get(i));
		}
		assertThat(offline.get(1).total()).isEqualTo(rupees("52.50"));
		assertThat(offline.get(2).total()).isEqualTo(rupees("333.33"));
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(1);

		// the browser restarts on the same profile with the link still down: the service worker opens the till
		var profile = browser.profile();
		browser.quitKeepingProfile();
		browser = new Browser(link.port(), 1280, 800, profile);
		browser.open("/");
		browser.find("#signin");
		browser.textContaining("#offline-pending", OFFLINE_SALES + " sales waiting");
		browser.textContaining("#offline-state", "Offline");
		browser.screenshot("offline-02-after-restart-offline");

		link.restore();
		browser.driver.navigate().refresh();
		signIn();
		browser.find("#sale");
		Awaitility.await().atMost(Duration.ofSeconds(60))
			.until(() -> count("SELECT count(*) FROM sales") == 1 + OFFLINE_SALES);
		browser.textContaining("#offline-pending", "No sale waiting");
		browser.screenshot("offline-03-drained");

		for (var sold : offline) {
			assertThat(count("SELECT count(*) FROM sales WHERE number = '" + sold.number() + "'")).as(sold.number())
				.isEqualTo(1);
			var sale = sale(sold.number());
			assertThat(rupees(sale.path("total").decimalValue().toPlainString())).as(sold.number()).isEqualTo(sold.total());
			assertThat(sale.path("terminal_id").asString()).isEqualTo(terminal);
		}
		// the first twenty numbers of the block are used, each by the sale printed with it
		assertThat(count("SELECT count(*) FROM number_block_numbers n JOIN sales s ON s.id = n.document_id"
				+ " AND s.number = n.number WHERE n.state = 'USED' AND n.block_id = '" + block.path("id").asString()
				+ "' AND n.value < " + (firstValue + OFFLINE_SALES))).isEqualTo(OFFLINE_SALES);
		// the dal sold offline is recorded at the price charged, not at the price Kassa has now
		var dalSale = sale(offline.get(1).number());
		assertThat(dalSale.path("lines").get(0).path("unit_price").decimalValue()).isEqualByComparingTo("50.00");
		// and the stream brought the new price into the till's catalog once it was back
		browser.waitFor(d -> "54.00".equals(String.valueOf(asyncScript(
				"return kassaOffline.product(arguments[0]).then(p => p && Number(p.price).toFixed(2))", dal))));
	}

	@Test
	@Order(2)
	void twoTabsReplayingTheSameOutboxRecordEachSaleOnce() {
		browser.find("#sale");
		long before = count("SELECT count(*) FROM sales");
		// this tab alone goes offline (DevTools): its sales wait in the outbox
		tabOffline(true);
		var sold = List.of(sell(TEA), sell(GHEE), sell(DAL));
		browser.textContaining("#offline-pending", "3 sales waiting");
		@SuppressWarnings("unchecked")
		var entries = (List<Object>) asyncScript("return kassaOffline.outbox.entries()");
		assertThat(entries).hasSize(3);

		// a second tab signs in and drains the outbox, while the first comes back and replays it too
		var first = browser.driver.getWindowHandle();
		browser.driver.switchTo().newWindow(WindowType.TAB);
		browser.open("/");
		signIn();
		browser.find("#sale");
		var second = browser.driver.getWindowHandle();
		browser.driver.switchTo().window(first);
		tabOffline(false);
		browser.script("kassaOffline.drain(); kassaOffline.replay(arguments[0]).then(r => { window.replayed = r; })", entries);
		browser.driver.switchTo().window(second);
		browser.script("kassaOffline.replay(arguments[0]).then(r => { window.replayed = r; })", entries);
		browser.screenshot("offline-04-second-tab");
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> browser.script("return window.replayed") != null);
		browser.driver.switchTo().window(first);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> browser.script("return window.replayed") != null);
		browser.textContaining("#offline-pending", "No sale waiting");

		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(before + 3);
		for (var s : sold) {
			assertThat(count("SELECT count(*) FROM sales WHERE number = '" + s.number() + "'")).isEqualTo(1);
			assertThat(rupees(sale(s.number()).path("total").decimalValue().toPlainString())).isEqualTo(s.total());
		}
		@SuppressWarnings("unchecked")
		var replayed = (List<Object>) browser.script("return window.replayed");
		assertThat(replayed).hasSize(3).allSatisfy(id -> assertThat(String.valueOf(id)).doesNotStartWith("refused"));
		assertThat(Set.copyOf(replayed)).hasSize(3);
		assertThat(count("SELECT count(*) FROM sales WHERE id::text IN ('" + String.join("','",
				replayed.stream().map(String::valueOf).toList()) + "')")).isEqualTo(3);
		browser.driver.switchTo().window(second);
		browser.driver.close();
		browser.driver.switchTo().window(first);
	}

	@Test
	@Order(3)
	void aSaleKassaRefusesIsKeptAndShownAndTheSessionClosesOnlyOnceTheOutboxIsEmpty() {
		tabOffline(true);
		long before = count("SELECT count(*) FROM sales");
		var refused = sell(TEA);
		browser.textContaining("#offline-pending", "1 sale waiting");
		// the till's clock ran an hour ahead when it made the sale: Kassa refuses a made_at in its future
		assertThat(asyncScript("""
				return new Promise((resolve, reject) => {
				  const opened = indexedDB.open('kassa-till');
				  opened.onerror = () => reject(opened.error);
				  opened.onsuccess = () => {
				    const db = opened.result, tx = db.transaction('outbox', 'readwrite'), store = tx.objectStore('outbox');
				    const ahead = new Date(Date.now() + 3600 * 1000).toISOString();
				    let n = 0;
				    store.openCursor().onsuccess = (e) => {
				      const cursor = e.target.result;
				      if (cursor) { n++; cursor.update({ ...cursor.value, made_at: ahead, body: { ...cursor.value.body, made_at: ahead } }); cursor.continue(); }
				    };
				    tx.oncomplete = () => { db.close(); resolve(n); };
				    tx.onerror = () => reject(tx.error);
				  };
				});""")).isEqualTo(1L);
		browser.click("#session-close");
		assertThat(browser.textContaining("#sale-message", "cannot be closed yet")).contains("wait to be sent (1)");
		assertThat(browser.present("#close-form")).isFalse();
		browser.screenshot("offline-05-close-waits");

		// back online: Kassa refuses the sale; the till keeps it, names it and still does not close
		tabOffline(false);
		browser.click("#session-close");
		var shown = browser.textContaining("#offline-refused", refused.number());
		assertThat(shown).contains("refused").contains("future");
		assertThat(browser.textContaining("#sale-message", "refused by Kassa")).contains("(1, listed at the top)");
		assertThat(browser.present("#close-form")).isFalse();
		assertThat(count("SELECT count(*) FROM sales")).isEqualTo(before);
		assertThat(asyncScript("return kassaOffline.outbox.entries().then(l => l.map(e => e.state + ':' + e.error.code))"))
			.isEqualTo(List.of("REFUSED:validation_failed"));
		browser.screenshot("offline-06-refused");
		browser.driver.navigate().refresh();
		browser.textContaining("#offline-refused", refused.number());

		// a manager settled it: the cashier removes it (after a confirmation), and the session closes
		browser.click("#offline-refused button.danger");
		browser.driver.switchTo().alert().accept();
		browser.waitFor(d -> !browser.present("#offline-refused"));
		browser.click("#session-close");
		browser.find("#close-form");
	}

	// ---------------------------------------------------------------- helpers

	private record Sold(String number, String total, boolean madeOffline) {
	}

	/** Scans one product, pays cash exactly and answers the receipt's number and total. */
	private Sold sell(String barcode) {
		browser.find("#cart-empty");
		browser.find("body").click();
		browser.scan(barcode);
		browser.waitFor(d -> browser.all("#cart-lines tr.line").size() == 1);
		var total = browser.waitFor(d -> browser.text("#total").startsWith("₹") ? browser.text("#total") : null);
		browser.keys(Keys.F9);
		browser.find("#tender-amount").sendKeys(Keys.ENTER);
		browser.find("#receipt");
		var number = browser.text("#receipt-number").replace("Receipt ", "");
		assertThat(browser.text("#receipt-total")).isEqualTo(total);
		boolean madeOffline = browser.present("#offline-receipt");
		if (madeOffline && !receiptShot) {
			browser.screenshot("offline-00-receipt");
			receiptShot = true;
		}
		browser.keys(Keys.ENTER);
		browser.find("#cart-empty");
		return new Sold(number, total, madeOffline);
	}

	private void openTill() {
		browser.open("/");
		browser.script("localStorage.setItem('kassa.terminal', JSON.stringify(arguments[0]))", Map.of("locationId",
				location, "locationName", "Offline Store", "locationCode", "OFF", "timeZone", "Asia/Kolkata",
				"terminalId", terminal, "name", "OFF-1", "terminalName", "Offline till", "paper", "80"));
		browser.open("/");
		signIn();
	}

	private void signIn() {
		browser.type("#username", cashierName);
		browser.type("#password", PASSWORD);
		browser.find("#password").sendKeys(Keys.ENTER);
	}

	private void goOffline() {
		link.cut();
		browser.driver.setNetworkConditions(offlineConditions());
	}

	/** This tab only offline (DevTools Network.emulateNetworkConditions), or back; other tabs stay as they are. */
	private void tabOffline(boolean offline) {
		browser.driver.executeCdpCommand("Network.enable", Map.of());
		browser.driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
				"downloadThroughput", -1, "uploadThroughput", -1));
	}

	private static ChromiumNetworkConditions offlineConditions() {
		var conditions = new ChromiumNetworkConditions();
		conditions.setOffline(true);
		return conditions;
	}

	private Object asyncScript(String body, Object... args) {
		return ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeAsyncScript(
				"const done = arguments[arguments.length - 1]; Promise.resolve((() => { " + body
						+ " })()).then(done, e => done('error: ' + e));", args);
	}

	/** The block's numbers in order, as Kassa wrote them when it reserved the block. */
	private List<String> numbersOf(tools.jackson.databind.JsonNode block) {
		return jdbc.sql("SELECT number FROM number_block_numbers WHERE block_id = :b::uuid ORDER BY value")
			.param("b", block.path("id").asString())
			.query(String.class)
			.list();
	}

	private tools.jackson.databind.JsonNode sale(String number) {
		var answer = api().get("/api/v1/sales/by-number?number=" + java.net.URLEncoder.encode(number,
				java.nio.charset.StandardCharsets.UTF_8), api().token("MANAGER"));
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	private String product(String admin, String sku, String name, String price, boolean includesTax, String taxClass,
			String barcode) {
		return id(api().post("/api/v1/products", admin, productBody(sku, name, price, includesTax, taxClass, barcode),
				key()));
	}

	private static Map<String, Object> productBody(String sku, String name, String price, boolean includesTax,
			String taxClass, String barcode) {
		var product = new LinkedHashMap<String, Object>();
		product.put("sku", sku);
		product.put("name", name);
		product.put("unit", "PIECE");
		product.put("price", new BigDecimal(price));
		product.put("price_includes_tax", includesTax);
		product.put("tax_class_id", taxClass);
		product.put("track_stock", true);
		product.put("allow_negative_stock", true);
		product.put("barcodes", List.of(barcode));
		return product;
	}

	private String rupees(String amount) {
		return (String) browser.script(
				"return new Intl.NumberFormat('en-IN', {style: 'currency', currency: 'INR'}).format(arguments[0])", amount);
	}

	/**
	 * A TCP relay from a port of its own to Kassa's. {@link #cut()} closes it and every connection through it,
	 * so the browser finds nothing listening, as with the shop's line down; {@link #restore()} listens again
	 * on the same port (the browser's origin, and so its IndexedDB and service worker, stay the same).
	 */
	static final class Link implements AutoCloseable {

		private final int target;

		private final int port;

		private final Set<Socket> open = ConcurrentHashMap.newKeySet();

		private volatile ServerSocket server;

		Link(int target) throws IOException {
			this.target = target;
			try (var probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
				this.port = probe.getLocalPort();
			}
			restore();
		}

		int port() {
			return port;
		}

		void restore() {
			try {
				var s = new ServerSocket();
				s.setReuseAddress(true);
				s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
				server = s;
				Thread.ofVirtual().start(() -> accept(s));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private void accept(ServerSocket s) {
			while (!s.isClosed()) {
				try {
					var client = s.accept();
					var upstream = new Socket(InetAddress.getLoopbackAddress(), target);
					open.add(client);
					open.add(upstream);
					Thread.ofVirtual().start(() -> pipe(client, upstream));
					Thread.ofVirtual().start(() -> pipe(upstream, client));
				}
				catch (IOException ex) {
					// closed by cut(): the loop ends
				}
			}
		}

		private void pipe(Socket from, Socket to) {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// either side went away
			}
			finally {
				quietly(from);
				quietly(to);
			}
		}

		void cut() {
			quietly(server);
			for (var s : open) {
				quietly(s);
			}
			open.clear();
		}

		private static void quietly(AutoCloseable c) {
			try {
				c.close();
			}
			catch (Exception ex) {
				// already closed
			}
		}

		@Override
		public void close() {
			cut();
		}
	}
}
