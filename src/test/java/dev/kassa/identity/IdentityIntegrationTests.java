package dev.kassa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.kassa.support.IntegrationTestSupport;

class IdentityIntegrationTests extends IntegrationTestSupport {

	private static final String PASSWORD = "a long enough secret";

	private String newUser(String name, List<String> roles) {
		var response = api().post("/api/v1/users", api().adminToken(),
				Map.of("username", name, "password", PASSWORD, "roles", roles));
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		return response.json().path("id").asString();
	}

	@Nested
	class Login {

		@Test
		void answersAnAccessAndARefreshToken() {
			newUser("lena", List.of("CASHIER"));
			var response = api().login("lena", PASSWORD);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.json().path("token_type").asString()).isEqualTo("Bearer");
			assertThat(response.json().path("expires_in").asInt()).isEqualTo(300);
			assertThat(response.json().path("refresh_token").asString()).hasSizeGreaterThan(30);
			var me = api().get("/api/v1/me", response.json().path("access_token").asString());
			assertThat(me.json().path("username").asString()).isEqualTo("lena");
			assertThat(me.json().path("roles").get(0).asString()).isEqualTo("CASHIER");
			assertThat(me.body()).doesNotContain("password");
		}

		@Test
		void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
			newUser("omar", List.of("CASHIER"));
			var wrong = api().login("omar", "not the password");
			var unknown = api().login("nobody-here", "not the password");
			assertThat(wrong.status()).isEqualTo(401);
			assertThat(unknown.status()).isEqualTo(401);
			assertThat(wrong.json().path("detail")).isEqualTo(unknown.json().path("detail"));
			assertThat(wrong.json().path("code").asString()).isEqualTo("invalid_credentials");
		}

		@Test
		void repeatedFailuresLockTheUserNameWhetherItExistsOrNot() {
			newUser("pia", List.of("CASHIER"));
			for (int i = 0; i < IdentityService.USER_FAILURES_BEFORE_LOCK; i++) {
				assertThat(api().login("pia", "wrong " + i).status()).isEqualTo(401);
				assertThat(api().login("ghost", "wrong " + i).status()).isEqualTo(401);
			}
			var locked = api().login("pia", PASSWORD);
			assertThat(locked.status()).isEqualTo(429);
			assertThat(Long.parseLong(locked.header("Retry-After"))).isPositive();
			var ghost = api().login("ghost", "whatever");
			assertThat(ghost.status()).isEqualTo(429);
			assertThat(ghost.json().path("code")).isEqualTo(locked.json().path("code"));
		}

		@Test
		void aDeactivatedUserCannotSignIn() {
			var id = newUser("quinn", List.of("CASHIER"));
			var refresh = api().login("quinn", PASSWORD).json().path("refresh_token").asString();
			assertThat(api().post("/api/v1/users/" + id + "/deactivate", api().adminToken(), null).status())
				.isEqualTo(200);
			assertThat(api().login("quinn", PASSWORD).status()).isEqualTo(401);
			assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", refresh)).status())
				.isEqualTo(401);
		}
	}

	@Nested
	class Refresh {

		@Test
		void rotatesAndARepeatedTokenRevokesTheFamily() {
			newUser("rosa", List.of("MANAGER"));
			var first = api().login("rosa", PASSWORD).json().path("refresh_token").asString();
			var second = api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", first));
			assertThat(second.status()).isEqualTo(200);
			var next = second.json().path("refresh_token").asString();
			assertThat(next).isNotEqualTo(first);

			var retried = api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", first));
			assertThat(retried.status()).as("the same client retrying within the grace (a lost reply)").isEqualTo(200);

			var replay = api().send("POST", "/api/v1/auth/refresh", null, Map.of("refresh_token", first),
					Map.of("User-Agent", "another client"));
			assertThat(replay.status()).isEqualTo(401);
			assertThat(replay.json().path("code").asString()).isEqualTo("invalid_refresh_token");
			assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", next)).status())
				.as("the family is revoked once a used token comes back")
				.isEqualTo(401);
		}

		@Test
		void storesOnlyHashes() {
			newUser("sami", List.of("CASHIER"));
			var token = api().login("sami", PASSWORD).json().path("refresh_token").asString();
			assertThat(count("SELECT count(*) FROM refresh_tokens WHERE encode(token_hash, 'escape') LIKE '%"
					+ token.substring(0, 10) + "%'")).isZero();
		}

		@Test
		void logoutEndsTheSession() {
			newUser("tara", List.of("CASHIER"));
			var token = api().login("tara", PASSWORD).json().path("refresh_token").asString();
			assertThat(api().post("/api/v1/auth/logout", null, Map.of("refresh_token", token)).status())
				.isEqualTo(204);
			assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", token)).status())
				.isEqualTo(401);
		}

		@Test
		void anUnknownTokenIsRefused() {
			assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", "made-up")).status())
				.isEqualTo(401);
			assertThat(api().post("/api/v1/auth/refresh", null, Map.of()).status()).isEqualTo(400);
		}
	}

	@Nested
	class Users {

		@Test
		void passwordsMustBeLongUncommonAndLongerForAdmins() {
			long before = count("SELECT count(*) FROM users");
			var shortOne = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "uma", "password", "short", "roles", List.of("CASHIER")));
			assertThat(shortOne.status()).isEqualTo(400);
			assertThat(shortOne.errorFields()).containsExactly("password");
			var common = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "uma", "password", "Password123", "roles", List.of("CASHIER")));
			assertThat(common.status()).isEqualTo(400);
			assertThat(common.json().path("detail").asString()).contains("common");
			var adminTooShort = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "uma", "password", "elevenchars", "roles", List.of("ADMIN")));
			assertThat(adminTooShort.status()).isEqualTo(400);
			var tooLong = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "uma", "password", "x".repeat(129), "roles", List.of("CASHIER")));
			assertThat(tooLong.status()).isEqualTo(400);
			assertThat(count("SELECT count(*) FROM users")).isEqualTo(before);
		}

		@Test
		void badUserNamesRolesAndDuplicatesAreRefused() {
			newUser("vera", List.of("CASHIER"));
			long before = count("SELECT count(*) FROM users");
			var duplicate = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "VERA", "password", PASSWORD, "roles", List.of("CASHIER")));
			assertThat(duplicate.status()).isEqualTo(409);
			assertThat(duplicate.json().path("code").asString()).isEqualTo("username_taken");
			var badName = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "no spaces", "password", PASSWORD, "roles", List.of("CASHIER")));
			assertThat(badName.errorFields()).containsExactly("username");
			var badRole = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "wes", "password", PASSWORD, "roles", List.of("KING")));
			assertThat(badRole.status()).isEqualTo(400);
			assertThat(badRole.errorFields()).hasSize(1).allMatch(field -> field.startsWith("roles"));
			var noRoles = api().post("/api/v1/users", api().adminToken(),
					Map.of("username", "wes", "password", PASSWORD, "roles", List.of()));
			assertThat(noRoles.errorFields()).containsExactly("roles");
			assertThat(count("SELECT count(*) FROM users")).isEqualTo(before);
		}

		@Test
		void onlyAdminsManageUsers() {
			var manager = api().token("MANAGER");
			long before = count("SELECT count(*) FROM users");
			var response = api().post("/api/v1/users", manager,
					Map.of("username", "xena", "password", PASSWORD, "roles", List.of("ADMIN")));
			assertThat(response.status()).isEqualTo(403);
			assertThat(count("SELECT count(*) FROM users")).isEqualTo(before);
			assertThat(api().get("/api/v1/users", api().token("CASHIER")).status()).isEqualTo(403);
		}

		@Test
		void unknownIdsAre404AndMalformedOnes400() {
			assertThat(api().get("/api/v1/users/0190b7a0-0000-7000-8000-000000000000", api().adminToken()).status())
				.isEqualTo(404);
			var malformed = api().get("/api/v1/users/not-a-uuid", api().adminToken());
			assertThat(malformed.status()).isEqualTo(400);
			assertThat(malformed.errorFields()).containsExactly("id");
		}

		@Test
		void listsArePaginatedWithACursor() {
			for (int i = 0; i < 3; i++) {
				newUser("page-" + i, List.of("EMPLOYEE"));
			}
			var first = api().get("/api/v1/users?limit=2", api().adminToken());
			assertThat(first.json().path("items").size()).isEqualTo(2);
			var cursor = first.json().path("next_cursor").asString();
			var second = api().get("/api/v1/users?limit=2&cursor=" + cursor, api().adminToken());
			assertThat(second.json().path("items").get(0).path("id"))
				.isNotEqualTo(first.json().path("items").get(1).path("id"));
			assertThat(api().get("/api/v1/users?limit=0", api().adminToken()).errorFields()).containsExactly("limit");
			assertThat(api().get("/api/v1/users?cursor=%25%25", api().adminToken()).status()).isEqualTo(400);
		}

		@Test
		void changingAccessPutsLocationsInTheTokenAndEndsSessions() {
			var id = newUser("yusuf", List.of("CASHIER"));
			var refresh = api().login("yusuf", PASSWORD).json().path("refresh_token").asString();
			var location = "0190b7a0-0000-7000-8000-00000000abcd";
			var changed = api().put("/api/v1/users/" + id + "/access", api().adminToken(),
					Map.of("roles", List.of("CASHIER", "EMPLOYEE"), "location_ids", List.of(location)));
			assertThat(changed.status()).isEqualTo(200);
			assertThat(api().post("/api/v1/auth/refresh", null, Map.of("refresh_token", refresh)).status())
				.isEqualTo(401);
			var token = api().login("yusuf", PASSWORD).json().path("access_token").asString();
			var payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
			assertThat(payload).contains(location).contains("EMPLOYEE");
		}

		@Test
		void everyChangeAppendsOneEvent() {
			long before = count("SELECT count(*) FROM events WHERE aggregate_type = 'user'");
			var id = newUser("zoe", List.of("CASHIER"));
			api().post("/api/v1/users/" + id + "/deactivate", api().adminToken(), null);
			assertThat(count("SELECT count(*) FROM events WHERE aggregate_type = 'user'")).isEqualTo(before + 2);
			assertThat(count("SELECT count(*) FROM events WHERE type = 'user.deactivated' AND aggregate_id = '" + id
					+ "'")).isEqualTo(1);
		}

		@Test
		void aWriteWithoutAnEventIsRefusedByTheDatabase() {
			var error = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc
				.sql("UPDATE users SET display_name = 'sneaky' WHERE username = 'admin'")
				.update());
			assertThat(error).hasMessageContaining("was not recorded in the event log");
		}
	}

	@Nested
	class OwnPassword {

		@Test
		void needsTheCurrentOneAndEndsOtherSessions() {
			newUser("ada", List.of("CASHIER"));
			var login = api().login("ada", PASSWORD).json();
			var token = login.path("access_token").asString();
			var wrong = api().put("/api/v1/me/password", token,
					Map.of("current_password", "nope", "new_password", "another long secret"));
			assertThat(wrong.status()).isEqualTo(400);
			assertThat(wrong.errorFields()).containsExactly("current_password");
			var ok = api().put("/api/v1/me/password", token,
					Map.of("current_password", PASSWORD, "new_password", "another long secret"));
			assertThat(ok.status()).isEqualTo(204);
			assertThat(api().post("/api/v1/auth/refresh", null,
					Map.of("refresh_token", login.path("refresh_token").asString())).status()).isEqualTo(401);
			assertThat(api().login("ada", "another long secret").status()).isEqualTo(200);
		}
	}
}
