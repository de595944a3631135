package dev.kassa.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;

import dev.kassa.identity.FirstStartFlags;
import dev.kassa.identity.IdentityService;
import dev.kassa.support.IntegrationTestSupport;

/**
 * The first admin signs in to the till with the password Kassa generated: before anything else the till asks
 * for a new one (the server refuses everything else with password_change_required). Empty fields, two new
 * passwords that differ, a wrong current password and one the server's policy refuses are told in words and
 * change nothing; the new password then works and the old one no longer does.
 */
class PasswordChangeBrowserIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "correct horse battery staple";

	private static final String NEW_PASSWORD = "a brand new passphrase 2026";

	@Autowired
	IdentityService identity;

	@Test
	void theFirstAdminChoosesANewPasswordBeforeAnythingElse() {
		var name = "first-admin-" + UUID.randomUUID().toString().substring(0, 8);
		api().tokenForNewUser(name, List.of("ADMIN"), null);
		var id = jdbc.sql("SELECT id FROM users WHERE username = :u").param("u", name).query(UUID.class).single();
		FirstStartFlags.requirePasswordChange(identity, id);

		try (var browser = new Browser(port)) {
			browser.open("/");
			browser.type("#username", name);
			browser.type("#password", PASSWORD);
			browser.find("#password").sendKeys(Keys.ENTER);
			browser.find("#change-password");
			assertThat(browser.seriousAccessibilityViolations()).isEmpty();

			browser.click("#change-password button[type=submit]");
			assertThat(browser.text("#pwd-current-error")).contains("Current password");

			browser.type("#pwd-current", PASSWORD);
			browser.type("#pwd-next", NEW_PASSWORD);
			browser.type("#pwd-again", NEW_PASSWORD + "x");
			browser.click("#change-password button[type=submit]");
			assertThat(browser.text("#pwd-again-error")).contains("differ");

			browser.find("#pwd-current").clear();
			browser.type("#pwd-current", "not the password at all");
			browser.find("#pwd-again").clear();
			browser.type("#pwd-again", NEW_PASSWORD);
			browser.click("#change-password button[type=submit]");
			assertThat(browser.text("#pwd-failure")).containsIgnoringCase("wrong");

			browser.find("#pwd-current").clear();
			browser.type("#pwd-current", PASSWORD);
			browser.find("#pwd-next").clear();
			browser.type("#pwd-next", "short");
			browser.find("#pwd-again").clear();
			browser.type("#pwd-again", "short");
			browser.click("#change-password button[type=submit]");
			browser.find("#pwd-failure");
			browser.screenshot("30-password-change-refused");
			assertThat(api().login(name, PASSWORD).status()).as("nothing changed yet").isEqualTo(200);

			browser.find("#pwd-next").clear();
			browser.type("#pwd-next", NEW_PASSWORD);
			browser.find("#pwd-again").clear();
			browser.type("#pwd-again", NEW_PASSWORD);
			browser.click("#change-password button[type=submit]");
			browser.find("#signin");
			assertThat(browser.text("#signin-failure")).contains("Password changed");
		}
		assertThat(api().login(name, PASSWORD).status()).isEqualTo(401);
		assertThat(api().login(name, NEW_PASSWORD).status()).isEqualTo(200);
	}
}
