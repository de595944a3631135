package dev.kassa.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;

import dev.kassa.support.TestClient;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, with a fresh profile, against a
 * Kassa on localhost. Nothing is downloaded: the driver's path is given, so Selenium Manager never runs.
 * {@code ./kassa test} installs both packages when they are missing.
 */
final class Browser implements AutoCloseable {

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final Path AXE = Path.of("ui", "node_modules", "axe-core", "axe.min.js");

	final ChromeDriver driver;

	final String base;

	private final Path profile;

	Browser(int port) {
		this(port, 1280, 800);
	}

	Browser(int port, int width, int height) {
		this(port, width, height, newProfile());
	}

	/** A browser on the given profile folder: one quit with {@link #quitKeepingProfile()} starts again as it was. */
	Browser(int port, int width, int height, Path profile) {
		var chromium = executable("KASSA_CHROMIUM", "/usr/bin/chromium");
		var chromedriver = executable("KASSA_CHROMEDRIVER", "/usr/bin/chromedriver");
		System.setProperty("webdriver.chrome.driver", chromedriver);
		this.profile = profile;
		var options = new ChromeOptions();
		options.setBinary(chromium);
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
				"--lang=en-IN");
		var service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(chromedriver).toFile()).build();
		driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		base = "http://localhost:" + port;
	}

	private static Path newProfile() {
		try {
			return Files.createTempDirectory("kassa-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	Path profile() {
		return profile;
	}

	/** Ends the browser as a restart would, leaving its profile (IndexedDB, caches, service worker) on disk. */
	void quitKeepingProfile() {
		driver.quit();
	}

	private static String executable(String variable, String fallback) {
		var given = System.getenv(variable);
		var path = given != null && !given.isBlank() ? given : fallback;
		if (!Files.isExecutable(Path.of(path))) {
			throw new IllegalStateException(path + " is missing: the browser tests need Debian's chromium and "
					+ "chromium-driver (apt-get install -y chromium chromium-driver; ./kassa test installs them)");
		}
		return path;
	}

	void open(String path) {
		driver.get(base + path);
	}

	WebElement find(String css) {
		return waitFor(d -> {
			var found = d.findElements(By.cssSelector(css));
			return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
		});
	}

	List<WebElement> all(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	boolean present(String css) {
		return !driver.findElements(By.cssSelector(css)).isEmpty();
	}

	/** The text of the first shown element; read again when React replaced the element between finding and reading. */
	String text(String css) {
		return waitFor(d -> {
			var found = d.findElements(By.cssSelector(css));
			return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0).getText();
		});
	}

	/** Waits until the element's text contains the part, and answers the text. */
	String textContaining(String css, String part) {
		return waitFor(d -> {
			var found = d.findElements(By.cssSelector(css));
			if (found.isEmpty()) {
				return null;
			}
			var text = found.get(0).getText();
			return text.contains(part) ? text : null;
		});
	}

	<T> T waitFor(Function<WebDriver, T> condition) {
		return waitFor(Duration.ofSeconds(10), condition);
	}

	/**
	 * Waits for the condition; when it never holds, the screen is saved (target/screenshots/timeout-N.png) and the
	 * page's text goes into the failure, so that a failure in CI says what the screen showed.
	 */
	<T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
		try {
			// a re-render replaces elements between finding and reading them: that is "not yet", not a failure
			return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(condition);
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			String shown;
			try {
				var shot = screenshot("timeout-" + TIMEOUTS.incrementAndGet());
				var body = driver.findElement(By.tagName("body")).getText();
				shown = shot + "; the page said: " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body);
			}
			catch (RuntimeException unseen) {
				shown = "the page could not be read: " + unseen;
			}
			throw new org.openqa.selenium.TimeoutException(ex.getMessage() + "\nscreen at the timeout: " + shown, ex);
		}
	}

	private static final java.util.concurrent.atomic.AtomicInteger TIMEOUTS = new java.util.concurrent.atomic.AtomicInteger();

	void type(String css, CharSequence... keys) {
		var element = find(css);
		// select and delete, not clear(): clear() sets the value without the input event the till listens to
		element.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		element.sendKeys(keys);
	}

	/** Keys sent to whatever has the focus, as a scanner or a cashier types them. */
	void keys(CharSequence... keys) {
		new Actions(driver).sendKeys(keys).perform();
	}

	/** A barcode typed as a scanner does: its digits, then Enter, to the element with the focus. */
	void scan(String code) {
		keys(code, Keys.ENTER);
	}

	void click(String css) {
		find(css).click();
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) driver).executeScript(script, args);
	}

	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			var file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** axe-core's violations of impact serious or critical on the page as it is now, as "id: help (targets)". */
	List<String> seriousAccessibilityViolations() {
		try {
			script(Files.readString(AXE));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("axe-core is installed by the ui build (npm ci): " + AXE, ex);
		}
		var json = (String) ((JavascriptExecutor) driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document, { resultTypes: ['violations'] })
				  .then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{ id: 'axe-error', impact: 'critical', help: String(e), nodes: [] }])));
				""");
		var violations = new ArrayList<String>();
		for (JsonNode v : TestClient.JSON.readTree(json)) {
			var impact = v.path("impact").asString();
			if (impact.equals("serious") || impact.equals("critical")) {
				var targets = new ArrayList<String>();
				v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
				violations.add(v.path("id").asString() + ": " + v.path("help").asString() + " " + targets);
			}
		}
		return violations;
	}

	/**
	 * Cuts the browser off the network, or connects it again, as a dropped Wi-Fi would: through the DevTools
	 * protocol, so that the page under test needs no hook of its own. Going offline fails every new request until
	 * it is back; a connection already open (a live stream) is not cut by it: {@link #cutStreams()} does that.
	 */
	void offline(boolean offline) {
		driver.executeCdpCommand("Network.enable", Map.of());
		driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
				"downloadThroughput", -1, "uploadThroughput", -1));
	}

	/**
	 * From the next page load on, keeps every EventSource the page opens where {@link #cutStreams()} finds it.
	 * The script is the test's, put in by the DevTools protocol; the page ships no hook for it.
	 */
	void followStreams() {
		driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
				(() => {
				  const Native = window.EventSource;
				  const open = [];
				  window.EventSource = class extends Native {
				    constructor(...args) { super(...args); open.push(this); }
				  };
				  Object.defineProperty(window, '__kassaTestStreams', { value: open });
				})();
				"""));
	}

	/** Drops the page's live streams as a broken connection does: closed, with an error event. */
	void cutStreams() {
		script("for (const s of window.__kassaTestStreams) { if (s.readyState !== EventSource.CLOSED) { s.close(); s.dispatchEvent(new Event('error')); } }");
	}

	@SuppressWarnings("unchecked")
	Map<String, Object> localStorage() {
		return (Map<String, Object>) script(
				"return Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))");
	}

	@Override
	public void close() {
		driver.quit();
		try (var files = Files.walk(profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary profile left behind is harmless
		}
	}
}
