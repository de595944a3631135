package dev.kassa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/**
 * Two-step sign-in (TOTP, RFC 6238) over real HTTP: set up, then every sign-in asks for a code after the
 * password; a code is good once, wrong ones count toward the password's lockout, a recovery code works once,
 * a manager's approval at the till needs the code too, an admin's reset ends the user's sessions, and bad
 * input is refused with a 4xx that writes nothing.
 */
class TotpIntegrationTests extends IntegrationTestSupport {

	static final String PASSWORD = "correct horse battery staple";

	/** A user with the factor set up; codes are counted from {@code step}, the step of the test's start. */
	record Enrolled(String username, UUID id, String secret, List<String> recoveryCodes, long step) {

		/** The code of the test's start step plus {@code offset}. */
		String code(int offset) {
			var bytes = org.bouncycastle.util.encoders.Base32.decode(secret);
			return TotpCodes.code(bytes, step + offset);
		}
	}

	/**
	 * Waits, when the current 30 s step ends within 10 s, for the next one: a test then sees one current step
	 * throughout, and the codes it counts from it are those the server takes.
	 */
	static long freshStep() {
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(TotpCodes.PERIOD_SECONDS))
			.pollInterval(java.time.Duration.ofMillis(100))
			.until(() -> Math.floorMod(Instant.now().getEpochSecond(), TotpCodes.PERIOD_SECONDS) < TotpCodes.PERIOD_SECONDS - 10);
		return TotpCodes.step(Instant.now());
	}

	/** A new user of the role, with the factor confirmed by the code of the step before the current one. */
	Enrolled enrol(String role) {
		var name = role.toLowerCase() + "-totp-" + System.nanoTime();
		var token = api().tokenForNewUser(name, List.of(role), null);
		long step = freshStep();
		var started = api().post("/api/v1/me/totp", token, Map.of("password", PASSWORD));
		assertThat(started.status()).as(started.toString()).isEqualTo(201);
		var secret = started.json().path("secret").asString();
		var id = userId(name);
		var enrolled = new Enrolled(name, id, secret, List.of(), step);
		var confirmed = api().post("/api/v1/me/totp/confirm", token, Map.of("code", enrolled.code(-1)));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		var codes = new ArrayList<String>();
		confirmed.json().path("recovery_codes").forEach(c -> codes.add(c.asString()));
		return new Enrolled(name, id, secret, codes, step);
	}

	UUID userId(String username) {
		return jdbc.sql("SELECT id FROM users WHERE username = :u").param("u", username).query(UUID.class).single();
	}

	/** The password step: answers the challenge token of the 401 totp_required. */
	String challenge(String username) {
		var login = api().login(username, PASSWORD);
		assertThat(login.status()).as(login.toString()).isEqualTo(401);
		assertThat(login.json().path("code").asString()).isEqualTo("totp_required");
		assertThat(login.json().has("access_token")).isFalse();
		return login.json().path("challenge_token").asString();
	}

	TestClient.Response second(String challenge, String code) {
		return api().post("/api/v1/auth/login/totp", null, Map.of("challenge_token", challenge, "code", code));
	}

	long events(String type, UUID userId) {
		return count("SELECT count(*) FROM events WHERE type = '" + type + "' AND aggregate_id = '" + userId + "'");
	}

	@Test
	void aFactorIsActiveOnlyOnceConfirmedAndThenEverySignInAsksForACode() {
		var name = "mgr-totp-" + System.nanoTime();
		var token = api().tokenForNewUser(name, List.of("MANAGER"), null);
		assertThat(api().get("/api/v1/me/totp", token).json().path("enabled").asBoolean()).isFalse();
		long step = freshStep();

		var started = api().post("/api/v1/me/totp", token, Map.of("password", PASSWORD));
		assertThat(started.status()).as(started.toString()).isEqualTo(201);
		var secret = started.json().path("secret").asString();
		assertThat(secret).matches("[A-Z2-7]{32}");
		assertThat(started.json().path("otpauth_uri").asString())
			.isEqualTo("otpauth://totp/Kassa:" + name + "?secret=" + secret + "&issuer=Kassa&algorithm=SHA1&digits=6&period=30");
		assertThat(started.json().path("digits").asInt()).isEqualTo(6);
		assertThat(started.json().path("period").asInt()).isEqualTo(30);

		// pending: the password alone still signs in
		assertThat(api().login(name, PASSWORD).status()).isEqualTo(200);
		var enrolled = new Enrolled(name, userId(name), secret, List.of(), step);
		var wrong = api().post("/api/v1/me/totp/confirm", token, Map.of("code", otherThan(enrolled)));
		assertThat(wrong.status()).as(wrong.toString()).isEqualTo(400);
		assertThat(wrong.errorFields()).containsExactly("code");
		assertThat(count("SELECT count(*) FROM totp_factors WHERE confirmed_at IS NOT NULL AND user_id = '"
				+ enrolled.id() + "'")).isZero();

		var confirmed = api().post("/api/v1/me/totp/confirm", token, Map.of("code", enrolled.code(-1)));
		assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
		var codes = new HashSet<String>();
		confirmed.json().path("recovery_codes").forEach(c -> codes.add(c.asString()));
		assertThat(codes).hasSize(10).allMatch(c -> c.matches("[a-z2-7]{5}-[a-z2-7]{5}"));
		assertThat(count("SELECT count(*) FROM totp_recovery_codes WHERE user_id = '" + enrolled.id() + "'"))
			.isEqualTo(10);
		assertThat(api().get("/api/v1/me", token).status()).as("the sessions end at confirmation").isEqualTo(401);

		var challenge = challenge(name);
		var signedIn = second(challenge, enrolled.code(0));
		assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
		var access = signedIn.json().path("access_token").asString();
		assertThat(api().get("/api/v1/products", access).status()).isEqualTo(200);
		var status = api().get("/api/v1/me/totp", access);
		assertThat(status.json().path("enabled").asBoolean()).isTrue();
		assertThat(status.json().path("recovery_codes_left").asInt()).isEqualTo(10);
		assertThat(status.body()).doesNotContain(secret);
		assertThat(second(challenge, enrolled.code(1)).json().path("code").asString())
			.as("a challenge is used once").isEqualTo("invalid_challenge");

		assertThat(events("auth.totp_enrolled", enrolled.id())).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE payload::text LIKE '%" + secret + "%'"))
			.as("the secret is in no event").isZero();
		for (var code : codes) {
			assertThat(count("SELECT count(*) FROM events WHERE payload::text LIKE '%" + code + "%'")).isZero();
		}
		assertThat(api().post("/api/v1/me/totp", access, Map.of("password", PASSWORD)).json().path("code").asString())
			.isEqualTo("totp_already_enrolled");
	}

	@org.springframework.beans.factory.annotation.Autowired
	TotpFactors factors;

	/**
	 * A copy of the database does not give the secrets away: each is sealed (AES-256-GCM) with a key outside
	 * the database, bound to its user, so one user's sealed secret copied into another's row opens for nobody;
	 * one stored in clear before (as V92 did) is sealed at start and still takes its codes.
	 */
	@Test
	void theSecretIsSealedAtRestBoundToItsUserAndOneInClearIsSealedAtStart() {
		var one = enrol("MANAGER");
		var other = enrol("MANAGER");
		var raw = org.bouncycastle.util.encoders.Base32.decode(one.secret());
		var stored = jdbc.sql("SELECT secret FROM totp_factors WHERE user_id = :u").param("u", one.id())
			.query(byte[].class).single();
		assertThat(stored).hasSize(48);
		assertThat(java.util.HexFormat.of().formatHex(stored)).doesNotContain(java.util.HexFormat.of().formatHex(raw));
		assertThat(count("SELECT count(*) FROM totp_factors WHERE key_id IS NULL AND user_id = '" + one.id() + "'"))
			.isZero();

		// the first user's sealed secret (and key id) written into the second user's row: the first user's codes
		// are not the second user's, and the second one's own codes no longer match
		jdbc.sql("""
				UPDATE totp_factors SET secret = (SELECT secret FROM totp_factors WHERE user_id = :from),
				       key_id = (SELECT key_id FROM totp_factors WHERE user_id = :from), last_step = NULL
				 WHERE user_id = :to
				""").param("from", one.id()).param("to", other.id()).update();
		long step = freshStep();
		var copied = new Enrolled(other.username(), other.id(), one.secret(), List.of(), step);
		assertThat(second(challenge(other.username()), copied.code(0)).status()).as("a copied secret opens for nobody")
			.isEqualTo(401);
		assertThat(second(challenge(other.username()), other.recoveryCodes().getFirst()).status())
			.as("the recovery codes still sign in").isEqualTo(200);

		// a secret in clear, as stored before secrets were sealed: read as it is, sealed at start
		jdbc.sql("UPDATE totp_factors SET secret = :raw, key_id = NULL, last_step = NULL WHERE user_id = :u")
			.param("raw", raw).param("u", one.id()).update();
		factors.sealTheOnesInClear();
		assertThat(count("SELECT count(*) FROM totp_factors WHERE key_id IS NULL")).isZero();
		var sealedAgain = jdbc.sql("SELECT secret FROM totp_factors WHERE user_id = :u").param("u", one.id())
			.query(byte[].class).single();
		assertThat(sealedAgain).hasSize(48).isNotEqualTo(stored);
		step = freshStep();
		var again = new Enrolled(one.username(), one.id(), one.secret(), List.of(), step);
		assertThat(second(challenge(one.username()), again.code(0)).status()).isEqualTo(200);
	}

	@Test
	void aCodeIsGoodOnceEvenWithinItsThirtySeconds() {
		var user = enrol("MANAGER");
		assertThat(second(challenge(user.username()), user.code(0)).status()).isEqualTo(200);

		var replayed = second(challenge(user.username()), user.code(0));
		assertThat(replayed.status()).as(replayed.toString()).isEqualTo(401);
		assertThat(replayed.json().path("code").asString()).isEqualTo("totp_code_wrong");
		assertThat(second(challenge(user.username()), user.code(-1)).status()).as("an older step's code").isEqualTo(401);
		assertThat(second(challenge(user.username()), user.code(2)).status()).as("two steps ahead").isEqualTo(401);
		assertThat(second(challenge(user.username()), user.code(1)).status()).as("the next step's code, skew")
			.isEqualTo(200);
		assertThat(events("auth.totp_refused", user.id())).isEqualTo(3);
	}

	@Test
	void wrongCodesCountTowardThePasswordsLockoutAndARightPasswordDoesNotClearThem() {
		var user = enrol("MANAGER");
		var challenge = challenge(user.username());
		for (int i = 0; i < 3; i++) {
			assertThat(second(challenge, otherThan(user)).status()).isEqualTo(401);
		}
		// the password again is no reset of the count: two more wrong codes lock the user out
		challenge = challenge(user.username());
		assertThat(second(challenge, otherThan(user)).status()).isEqualTo(401);
		assertThat(second(challenge, otherThan(user)).status()).isEqualTo(401);

		var locked = second(challenge, user.code(0));
		assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
		assertThat(locked.header("Retry-After")).isNotNull();
		assertThat(api().login(user.username(), PASSWORD).status()).as("the password is locked too").isEqualTo(429);
		assertThat(events("auth.totp_refused", user.id())).isEqualTo(5);
		assertThat(events("auth.locked_out", user.id())).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.totp_refused' AND payload::text LIKE '%"
				+ otherThan(user) + "%'")).as("no code in the event").isZero();

		jdbc.sql("UPDATE login_attempts SET locked_until = now() - interval '1 second' WHERE key = :k")
			.param("k", "user:" + user.username())
			.update();
		assertThat(second(challenge, user.code(0)).status()).as("after the lock, the right code").isEqualTo(200);
		assertThat(count("SELECT count(*) FROM login_attempts WHERE key = 'user:" + user.username() + "'")).isZero();
	}

	@Test
	void aRecoveryCodeSignsInOnce() {
		var user = enrol("ADMIN");
		var code = user.recoveryCodes().get(3);
		var signedIn = second(challenge(user.username()), code.toUpperCase().replace("-", " "));
		assertThat(signedIn.status()).as(signedIn.toString()).isEqualTo(200);
		var access = signedIn.json().path("access_token").asString();
		assertThat(api().get("/api/v1/me/totp", access).json().path("recovery_codes_left").asInt()).isEqualTo(9);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.recovery_code_used' AND aggregate_id = '"
				+ user.id() + "' AND payload->>'recovery_codes_left' = '9'")).isEqualTo(1);

		var again = second(challenge(user.username()), code);
		assertThat(again.status()).as(again.toString()).isEqualTo(401);
		assertThat(again.json().path("code").asString()).isEqualTo("totp_code_wrong");
		var another = enrol("ADMIN");
		assertThat(second(challenge(another.username()), user.recoveryCodes().get(4)).status())
			.as("someone else's recovery code").isEqualTo(401);
	}

	@Test
	void newRecoveryCodesAndRemovalNeedThePasswordAndACode() {
		var user = enrol("MANAGER");
		var token = second(challenge(user.username()), user.code(0)).json().path("access_token").asString();

		var wrongPassword = api().post("/api/v1/me/totp/recovery-codes", token,
				Map.of("password", "not the password at all", "code", user.code(1)));
		assertThat(wrongPassword.status()).isEqualTo(400);
		assertThat(wrongPassword.errorFields()).containsExactly("password");
		var wrongCode = api().post("/api/v1/me/totp/recovery-codes", token, Map.of("password", PASSWORD, "code", user.code(0)));
		assertThat(wrongCode.status()).as("the code used at sign-in, again").isEqualTo(400);
		assertThat(wrongCode.errorFields()).containsExactly("code");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.recovery_codes_regenerated'")).isZero();

		var renewed = api().post("/api/v1/me/totp/recovery-codes", token,
				Map.of("password", PASSWORD, "code", user.recoveryCodes().getFirst()));
		assertThat(renewed.status()).as(renewed.toString()).isEqualTo(200);
		var fresh = renewed.json().path("recovery_codes").get(0).asString();
		assertThat(renewed.json().path("recovery_codes").size()).isEqualTo(10);
		assertThat(second(challenge(user.username()), user.recoveryCodes().get(1)).status())
			.as("an old recovery code").isEqualTo(401);
		assertThat(events("auth.recovery_codes_regenerated", user.id())).isEqualTo(1);

		var removed = api().post("/api/v1/me/totp/remove", token, Map.of("password", PASSWORD, "code", fresh));
		assertThat(removed.status()).as(removed.toString()).isEqualTo(204);
		assertThat(api().get("/api/v1/me", token).status()).as("removal ends the sessions").isEqualTo(401);
		assertThat(api().login(user.username(), PASSWORD).status()).isEqualTo(200);
		assertThat(count("SELECT count(*) FROM totp_factors WHERE user_id = '" + user.id() + "'")).isZero();
		assertThat(count("SELECT count(*) FROM totp_recovery_codes WHERE user_id = '" + user.id() + "'")).isZero();
		assertThat(events("auth.totp_removed", user.id())).isEqualTo(1);
	}

	@Test
	void aManagersApprovalAtTheTillNeedsTheirCode() {
		var manager = enrol("MANAGER");
		var cashier = api().token("CASHIER");
		var location = UUID.randomUUID().toString();
		var body = new LinkedHashMap<String, Object>(Map.of("approver_username", manager.username(),
				"approver_password", PASSWORD, "location_id", location, "max_percent", 50));

		var withoutCode = api().post("/api/v1/approvals", cashier, body);
		assertThat(withoutCode.status()).as(withoutCode.toString()).isEqualTo(403);
		assertThat(withoutCode.json().path("code").asString()).isEqualTo("approval_code_required");
		assertThat(withoutCode.errorFields()).containsExactly("approver_code");

		body.put("approver_code", otherThan(manager));
		var wrong = api().post("/api/v1/approvals", cashier, body);
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.json().path("code").asString()).isEqualTo("approval_refused");

		body.put("approver_code", manager.code(0));
		var approved = api().post("/api/v1/approvals", cashier, body);
		assertThat(approved.status()).as(approved.toString()).isEqualTo(201);
		assertThat(approved.json().path("approved_by").asString()).isEqualTo(manager.username());
		var replayed = api().post("/api/v1/approvals", cashier, body);
		assertThat(replayed.status()).as("the same code again").isEqualTo(403);
		assertThat(count("SELECT count(*) FROM approvals WHERE approver_id = '" + manager.id() + "'")).isEqualTo(1);
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.totp_refused' AND aggregate_id = '"
				+ manager.id() + "' AND payload->>'where' = 'approval'")).isEqualTo(2);

		body.put("approver_code", manager.recoveryCodes().get(2));
		assertThat(api().post("/api/v1/approvals", cashier, body).status()).as("a recovery code").isEqualTo(201);
	}

	@Test
	void anAdminsResetEndsTheUsersSessionsAndIsRecorded() {
		var user = enrol("MANAGER");
		var pair = second(challenge(user.username()), user.code(0));
		var access = pair.json().path("access_token").asString();
		var refresh = pair.json().path("refresh_token").asString();
		assertThat(api().post("/api/v1/users/" + user.id() + "/totp/reset", access, null).status())
			.as("a MANAGER may not").isEqualTo(403);
		var pending = challenge(user.username());

		var reset = api().post("/api/v1/users/" + user.id() + "/totp/reset", api().adminToken(), null);
		assertThat(reset.status()).as(reset.toString()).isEqualTo(204);
		assertThat(api().get("/api/v1/me", access).status()).isEqualTo(401);
		assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", refresh)).status()).isEqualTo(401);
		assertThat(second(pending, user.code(1)).json().path("code").asString())
			.as("a sign-in waiting for its code ends too").isEqualTo("invalid_challenge");
		var adminId = userId("admin");
		assertThat(count("SELECT count(*) FROM events WHERE type = 'auth.totp_reset' AND aggregate_id = '" + user.id()
				+ "' AND payload->>'reset_by' = '" + adminId + "'")).isEqualTo(1);
		assertThat(api().login(user.username(), PASSWORD).status()).as("the password alone again").isEqualTo(200);

		var again = api().post("/api/v1/users/" + user.id() + "/totp/reset", api().adminToken(), null);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("code").asString()).isEqualTo("totp_not_enrolled");
		var self = api().post("/api/v1/users/" + adminId + "/totp/reset", api().adminToken(), null);
		assertThat(self.status()).isEqualTo(409);
		assertThat(self.json().path("code").asString()).isEqualTo("self_reset");
	}

	/** A six-digit code that is none of the codes the server would take now. */
	static String otherThan(Enrolled user) {
		var taken = new HashSet<String>();
		for (int i = -3; i <= 3; i++) {
			taken.add(user.code(i));
		}
		for (int candidate = 123456;; candidate = (candidate + 7919) % 1_000_000) {
			var code = String.format("%06d", candidate);
			if (!taken.contains(code)) {
				return code;
			}
		}
	}

	@Nested
	class BadInput {

		/** What every refused request below must leave as it was. */
		private long written() {
			return count("SELECT count(*) FROM events") + count("SELECT count(*) FROM totp_factors")
					+ count("SELECT count(*) FROM totp_recovery_codes") + count("SELECT count(*) FROM totp_challenges")
					+ count("SELECT count(*) FROM login_attempts") + count("SELECT count(*) FROM approvals");
		}

		private void refused(TestClient.Response response, int status, String codeOrField) {
			assertThat(response.status()).as(response.toString()).isEqualTo(status);
			assertThat(response.header("Content-Type")).startsWith("application/problem+json");
			if (!codeOrField.isEmpty()) {
				assertThat(response.json().path("code").asString().equals(codeOrField)
						|| response.errorFields().contains(codeOrField)).as(response.toString()).isTrue();
			}
		}

		@Test
		void theSecondStepOfASignIn() {
			var user = enrol("MANAGER");
			var challenge = challenge(user.username());
			long before = written();
			var path = "/api/v1/auth/login/totp";
			refused(api().post(path, null, null), 400, "");
			refused(api().post(path, null, "{\"challenge_token\":"), 400, "");
			refused(api().post(path, null, Map.of("code", user.code(0))), 400, "challenge_token");
			refused(api().post(path, null, Map.of("challenge_token", challenge)), 400, "code");
			refused(api().post(path, null, Map.of("challenge_token", challenge, "code", Map.of("digits", "123456"))), 400, "");
			refused(api().post(path, null, Map.of("challenge_token", challenge, "code", "12ab56")), 400, "code");
			refused(api().post(path, null, Map.of("challenge_token", challenge, "code", "1".repeat(33))), 400, "code");
			refused(api().post(path, null, Map.of("challenge_token", "x".repeat(101), "code", "123456")), 400,
					"challenge_token");
			refused(api().post(path, null, Map.of("challenge_token", challenge, "code", "123456", "remember", true)),
					400, "remember");
			refused(api().post(path, null, Map.of("challenge_token", "no-such-challenge", "code", "123456")), 401,
					"invalid_challenge");
			assertThat(written()).isEqualTo(before);
			assertThat(second(challenge, user.code(0)).status()).as("the challenge is still good").isEqualTo(200);
		}

		@Test
		void theEnrolmentEndpoints() {
			var name = "mgr-bad-" + System.nanoTime();
			var token = api().tokenForNewUser(name, List.of("MANAGER"), null);
			long before = written();
			refused(api().post("/api/v1/me/totp", token, null), 400, "");
			refused(api().post("/api/v1/me/totp", token, Map.of()), 400, "password");
			refused(api().post("/api/v1/me/totp", token, Map.of("password", List.of(PASSWORD))), 400, "");
			refused(api().post("/api/v1/me/totp", token, Map.of("password", "x".repeat(129))), 400, "password");
			refused(api().post("/api/v1/me/totp", token, Map.of("password", PASSWORD, "secret", "AAAA")), 400, "secret");
			refused(api().post("/api/v1/me/totp", null, Map.of("password", PASSWORD)), 401, "");
			refused(api().post("/api/v1/me/totp/confirm", token, Map.of()), 400, "code");
			refused(api().post("/api/v1/me/totp/confirm", token, Map.of("code", "12 34")), 400, "code");
			refused(api().post("/api/v1/me/totp/confirm", token, Map.of("code", List.of("123456"))), 400, "");
			refused(api().post("/api/v1/me/totp/confirm", token, Map.of("code", "123456")), 409,
					"totp_enrolment_not_started");
			refused(api().post("/api/v1/me/totp/recovery-codes", token, Map.of("password", PASSWORD)), 400, "code");
			refused(api().post("/api/v1/me/totp/recovery-codes", token, Map.of("password", PASSWORD, "code", "123456")),
					409, "totp_not_enrolled");
			refused(api().post("/api/v1/me/totp/remove", token, Map.of("code", "123456")), 400, "password");
			refused(api().post("/api/v1/me/totp/remove", token, Map.of("password", PASSWORD, "code", "123456")), 409,
					"totp_not_enrolled");
			assertThat(written()).isEqualTo(before);

			// a wrong password starts nothing (it is counted, as at sign-in)
			var wrong = api().post("/api/v1/me/totp", token, Map.of("password", "not the password at all"));
			refused(wrong, 400, "password");
			assertThat(count("SELECT count(*) FROM totp_factors WHERE user_id = '" + userId(name) + "'")).isZero();
		}

		@Test
		void theAdminsResetAndTheApproval() {
			var user = enrol("MANAGER");
			var admin = api().adminToken();
			var cashier = api().token("CASHIER");
			long before = written();
			refused(api().post("/api/v1/users/not-a-uuid/totp/reset", admin, null), 400, "");
			refused(api().post("/api/v1/users/" + UUID.randomUUID() + "/totp/reset", admin, null), 404, "not_found");
			refused(api().post("/api/v1/users/" + user.id() + "/totp/reset", cashier, null), 403, "");
			refused(api().post("/api/v1/users/" + user.id() + "/totp/reset", null, null), 401, "");
			var approval = new LinkedHashMap<String, Object>(Map.of("approver_username", user.username(),
					"approver_password", PASSWORD, "location_id", UUID.randomUUID().toString(), "max_percent", 50));
			approval.put("approver_code", "x".repeat(33));
			refused(api().post("/api/v1/approvals", cashier, approval), 400, "approver_code");
			approval.put("approver_code", "not-a-code");
			refused(api().post("/api/v1/approvals", cashier, approval), 400, "approver_code");
			approval.put("approver_code", List.of("123456"));
			refused(api().post("/api/v1/approvals", cashier, approval), 400, "");
			assertThat(written()).isEqualTo(before);
		}
	}
}
