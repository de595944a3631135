package dev.kassa.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import dev.kassa.identity.TotpTestCodes;
import dev.kassa.support.IntegrationTestSupport;

/**
 * Two-step sign-in in real headless Chromium: a manager with the factor signs in to the till with the password,
 * then the code (a wrong one is told in words); another sets the factor up on the back office's Two-step sign-in
 * screen from the secret shown as text, sees the recovery codes once and signs in again.
 */
class TwoStepBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	/** What a QR scanner reads from the element as the screen shows it. */
	private static String scanned(org.openqa.selenium.WebElement element) {
		java.awt.image.BufferedImage image;
		try {
			image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
					element.getScreenshotAs(org.openqa.selenium.OutputType.BYTES)));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		int width = image.getWidth();
		int height = image.getHeight();
		var pixels = image.getRGB(0, 0, width, height, null, 0, width);
		var bitmap = new com.google.zxing.BinaryBitmap(new com.google.zxing.common.HybridBinarizer(
				new com.google.zxing.RGBLuminanceSource(width, height, pixels)));
		try {
			return new com.google.zxing.qrcode.QRCodeReader().decode(bitmap).getText();
		}
		catch (com.google.zxing.NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException ex) {
			throw new AssertionError("no QR code could be read from #" + element.getAttribute("id"), ex);
		}
	}

	@Test
	void aManagerSignsInToTheTillWithTheCodeAfterThePassword() {
		var name = "mgr-2fa-" + UUID.randomUUID().toString().substring(0, 8);
		var token = api().tokenForNewUser(name, List.of("MANAGER"), null);
		var secret = api().post("/api/v1/me/totp", token, Map.of("password", PASSWORD)).json().path("secret").asString();
		var confirmed = api().post("/api/v1/me/totp/confirm", token, Map.of("code", TotpTestCodes.code(secret, -1)));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);

		try (var browser = new Browser(port, 1280, 800)) {
			browser.open("/");
			browser.type("#username", name);
			browser.type("#password", PASSWORD);
			browser.find("#password").sendKeys(Keys.ENTER);
			browser.find("#signin-code");
			assertThat(browser.text("#totp-intro")).contains("6-digit code").contains(name);
			assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the code step").isEmpty();
			browser.screenshot("40-sign-in-code");

			browser.click("#signin-code button[type=submit]");
			assertThat(browser.text("#totp-code-error")).isEqualTo("Code is required.");
			browser.type("#totp-code", "12ab", Keys.ENTER);
			assertThat(browser.text("#totp-code-error")).contains("6 digits");

			browser.type("#totp-code", wrongCode(secret), Keys.ENTER);
			assertThat(browser.textContaining("#signin-failure", "wrong")).contains("wrong or was used already");
			browser.screenshot("41-sign-in-code-wrong");
			assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.totp_refused' AND payload->>'username' = '"
					+ name + "'")).isEqualTo(1);

			browser.type("#totp-code", TotpTestCodes.now(secret), Keys.ENTER);
			browser.waitFor(d -> browser.present("#terminal-setup") || browser.present("#sale") ? true : null);
			browser.screenshot("42-signed-in-with-code");
			assertThat(browser.present("#signin")).isFalse();
		}
	}

	@Test
	void aManagerSetsTwoStepSignInUpOnTheBackOffice() {
		var name = "mgr-setup-" + UUID.randomUUID().toString().substring(0, 8);
		api().tokenForNewUser(name, List.of("MANAGER"), null);

		try (var browser = new Browser(port, 1280, 900)) {
			browser.open("/");
			browser.type("#username", name);
			browser.type("#password", PASSWORD);
			browser.find("#password").sendKeys(Keys.ENTER);
			browser.waitFor(d -> browser.present("#terminal-setup") || browser.present("#sale") ? true : null);

			browser.open("/#/two-step");
			browser.textContaining("#two-step-state", "off");
			browser.click("#totp-start button[type=submit]");
			assertThat(browser.text("#totp-password-error")).isEqualTo("Password is required.");
			browser.type("#totp-password", "not the password at all", Keys.ENTER);
			assertThat(browser.textContaining("#totp-password-error", "wrong")).isEqualTo("The password is wrong.");
			browser.type("#totp-password", PASSWORD, Keys.ENTER);

			var secret = browser.text("#totp-secret").replace(" ", "");
			assertThat(secret).matches("[A-Z2-7]{32}");
			assertThat(browser.text("#totp-uri")).startsWith("otpauth://totp/Kassa:" + name + "?secret=" + secret);
			// the QR code on screen, read back as a phone's camera would, is the address
			assertThat(scanned(browser.find("#totp-qr"))).isEqualTo(browser.text("#totp-uri"));
			assertThat(browser.seriousAccessibilityViolations()).as("axe-core on the set-up").isEmpty();
			browser.screenshot("43-two-step-setup");

			browser.type("#totp-confirm-code", wrongCode(secret), Keys.ENTER);
			assertThat(browser.textContaining("#totp-confirm-code-error", "not the code")).contains("clock");
			browser.type("#totp-confirm-code", TotpTestCodes.now(secret), Keys.ENTER);
			browser.find("#recovery-codes");
			assertThat(browser.all("#recovery-codes li")).hasSize(10);
			browser.screenshot("44-two-step-recovery-codes");
			assertThat(count("SELECT count(*) FROM totp_factors f JOIN users u ON u.id = f.user_id WHERE u.username = '"
					+ name + "' AND f.confirmed_at IS NOT NULL")).isEqualTo(1);

			browser.click("#totp-done");
			browser.find("#signin");
			assertThat(browser.text("#signin-failure")).contains("Two-step sign-in is on");
		}
	}

	/** A six-digit code that no step near now has. */
	private static String wrongCode(String secret) {
		var near = new java.util.HashSet<String>();
		for (int i = -3; i <= 3; i++) {
			near.add(TotpTestCodes.code(secret, i));
		}
		for (int candidate = 314159;; candidate = (candidate + 7919) % 1_000_000) {
			var code = String.format("%06d", candidate);
			if (!near.contains(code)) {
				return code;
			}
		}
	}
}
