package dev.kassa.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Scan to cart in the browser: from the Enter of a scanner's burst (a capturing keydown listener, before
 * the till's own) to the next animation frame after the cart's DOM changed. Not a test (its name does not
 * end in Tests, so the suite never runs it): {@code bench/till-scan} runs it and writes
 * target/bench/till-scan.json. The first scan of each product asks Kassa for its barcode; later ones are
 * answered from the till's memory.
 */
class TillScanBench extends IntegrationTestSupport {

	private static final String[] CODES = { "8901000000011", "8901000000028", "8901000000035", "8901000000042",
			"8901000000059", "8901000000066", "8901000000073" };

	@Test
	void scanToCart() throws Exception {
		int scans = Integer.getInteger("kassa.bench.scans", 300);
		try (var browser = new Browser(port, 1280, 800)) {
			browser.open("/");
			browser.type("#username", "admin");
			browser.type("#password", TestClient.ADMIN_PASSWORD, Keys.ENTER);
			browser.click("#load-demo");
			browser.type("#terminal-name", "BENCH-1", Keys.ENTER);
			browser.find("#sale");
			browser.waitFor(d -> browser.all("#favourites .tile").size() == 8);
			browser.script("""
					window.__scan = { t0: 0, samples: [] };
					window.addEventListener('keydown', e => { if (e.key === 'Enter') window.__scan.t0 = performance.now(); }, true);
					new MutationObserver(() => {
					  const s = window.__scan;
					  if (!s.t0) return;
					  const t0 = s.t0; s.t0 = 0;
					  requestAnimationFrame(() => s.samples.push(performance.now() - t0));
					}).observe(document.getElementById('sale'), { subtree: true, childList: true, characterData: true });
					""");
			var cold = new ArrayList<Double>();
			for (int i = 0; i < scans; i++) {
				if (i > 0 && i % 25 == 0) {
					browser.click("#clear-cart");
					browser.find("#cart-empty");
					browser.find("body").click();
				}
				int before = ((Number) browser.script("return window.__scan.samples.length")).intValue();
				browser.scan(CODES[i % CODES.length]);
				browser.waitFor(d -> ((Number) browser.script("return window.__scan.samples.length")).intValue() > before);
				if (i < CODES.length) {
					cold.add(((Number) browser.script("return window.__scan.samples.at(-1)")).doubleValue());
				}
			}
			@SuppressWarnings("unchecked")
			var raw = (List<Number>) browser.script("return window.__scan.samples");
			double[] all = raw.stream().mapToDouble(Number::doubleValue).sorted().toArray();
			double[] warm = raw.subList(CODES.length, raw.size()).stream().mapToDouble(Number::doubleValue).sorted().toArray();
			var result = new java.util.LinkedHashMap<String, Object>();
			result.put("scans", all.length);
			result.put("p50_ms", percentile(all, 50));
			result.put("p95_ms", percentile(all, 95));
			result.put("p99_ms", percentile(all, 99));
			result.put("max_ms", Math.round(all[all.length - 1] * 10) / 10.0);
			result.put("warm_p95_ms", percentile(warm, 95));
			result.put("first_scan_per_product_ms", cold.stream().map(x -> Math.round(x * 10) / 10.0).toList());
			result.put("chromium", browser.driver.getCapabilities().getBrowserVersion());
			var json = TestClient.JSON.writeValueAsString(result);
			Files.createDirectories(Path.of("target", "bench"));
			Files.writeString(Path.of("target", "bench", "till-scan.json"), json);
			System.out.println("till scan to cart: " + json);
		}
	}

	private static double percentile(double[] sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return Math.round(sorted[Math.max(0, index)] * 10) / 10.0;
	}
}
