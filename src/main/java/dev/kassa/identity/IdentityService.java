package dev.kassa.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.RateLimited;
import dev.kassa.platform.Role;

/**
 * Users, their passwords and sessions. Refresh tokens are single use: each refresh returns the next
 * token of the same family, and a used token presented again revokes the family. Deactivation, new
 * access and a new password revoke refresh tokens and the access tokens issued so far at once (on this
 * instance; another instance's run out within their lifetime, 5 minutes by default).
 */
@Service
public class IdentityService {

	static final int USER_FAILURES_BEFORE_LOCK = 5;

	static final int ADDRESS_FAILURES_BEFORE_LOCK = 20;

	/** How far apart attempts from an address past its threshold must be: it slows down, it does not lock. */
	static final Duration ADDRESS_SLOW_DOWN = Duration.ofSeconds(5);

	private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{3,64}");

	private final Users users;

	private final Sessions sessions;

	private final Tokens tokens;

	private final PasswordPolicy policy;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final PasswordEncoder encoder = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);

	/** Verified against when the user does not exist, so that timing does not tell. */
	private final String decoyHash;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	private final java.util.concurrent.Semaphore hashing;

	private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

	private final LoginAudit audit;

	private final dev.kassa.platform.SecuritySettings settings;

	private final SecondFactors secondFactors;

	private final TotpFactors factors;

	/** How long the second step of a sign-in (the code after the password) may wait. */
	static final Duration CHALLENGE_TTL = Duration.ofMinutes(5);

	IdentityService(Users users, Sessions sessions, Tokens tokens, PasswordPolicy policy, EventLog events,
			TransactionTemplate transactions, LoginAudit audit, dev.kassa.platform.SecuritySettings settings,
			SecondFactors secondFactors, TotpFactors factors) {
		this.secondFactors = secondFactors;
		this.factors = factors;
		this.hashing = new java.util.concurrent.Semaphore(Math.max(1, settings.maxConcurrentHashes()));
		this.audit = audit;
		this.settings = settings;
		this.users = users;
		this.sessions = sessions;
		this.tokens = tokens;
		this.policy = policy;
		this.events = events;
		this.transactions = transactions;
		this.decoyHash = encoder.encode("decoy password that nobody has");
	}

	/** What a successful login or refresh answers. */
	public record TokenPair(String accessToken, String tokenType, long expiresIn, String refreshToken) {
	}

	public record NewUser(String username, @Nullable String displayName, String password, Set<Role> roles,
			@Nullable List<UUID> locationIds) {
	}

	/**
	 * Signs in. Each attempt is counted before the password is hashed (so 40 parallel wrong passwords get 5
	 * answers of 401, then 429), a right password takes its attempt back and clears the user's count. The
	 * address of many users (a shop behind NAT) is slowed down past its threshold, not locked: one attempt per
	 * {@link #ADDRESS_SLOW_DOWN}, and a right password clears its lock. At most a bounded number of Argon2
	 * hashes run at once; a login beyond that gets 429 with Retry-After at once.
	 * <p>
	 * A user with an active TOTP factor gets no tokens for the password alone: 401 {@code totp_required} with a
	 * {@code challenge_token} for {@link #loginWithCode}. The password's attempt is taken back, but the user's
	 * count is not cleared (as a right password clears it otherwise): wrong codes before it still count, so that
	 * knowing the password does not buy more guesses at the code.
	 */
	public TokenPair login(String username, String password, String address) {
		var now = clock.instant();
		var userKey = "user:" + username.toLowerCase(Locale.ROOT);
		var addressKey = "addr:" + address;
		long wait = Math.max(sessions.lockedFor(userKey, now), sessions.lockedFor(addressKey, now));
		if (wait > 0) {
			throw refusedLocked(wait);
		}
		if (waiting.incrementAndGet() > settings.maxWaitingLogins()) {
			waiting.decrementAndGet();
			audit.busy();
			throw new RateLimited("Too many sign-ins at once; retry in a second", 1);
		}
		try {
			int addressCount = sessions.attempt(addressKey, ADDRESS_FAILURES_BEFORE_LOCK, ADDRESS_SLOW_DOWN, now);
			if (addressCount < 0) {
				throw refusedLocked(sessions.lockedFor(addressKey, now));
			}
			int userCount = sessions.attempt(userKey, USER_FAILURES_BEFORE_LOCK, null, now);
			if (userCount < 0) {
				sessions.forgive(addressKey, ADDRESS_FAILURES_BEFORE_LOCK);
				throw refusedLocked(sessions.lockedFor(userKey, now));
			}
			if (!acquireHash()) {
				sessions.forgive(addressKey, ADDRESS_FAILURES_BEFORE_LOCK);
				sessions.forgive(userKey, USER_FAILURES_BEFORE_LOCK);
				audit.busy();
				throw new RateLimited("Too many sign-ins at once; retry in a second", 1);
			}
			Optional<Users.Credentials> found;
			boolean ok;
			try {
				found = users.credentials(username);
				if (found.isPresent() && found.get().user().active()) {
					ok = encoder.matches(password, found.get().passwordHash());
				}
				else {
					encoder.matches(password, decoyHash);
					ok = false;
				}
			}
			finally {
				hashing.release();
			}
			if (!ok) {
				audit.failed(username, address, found.map(f -> f.user().id()).orElse(null),
						userCount == USER_FAILURES_BEFORE_LOCK, addressCount == ADDRESS_FAILURES_BEFORE_LOCK);
				throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials",
						"The user name or password is wrong, or the user is inactive");
			}
			var user = found.get().user();
			sessions.relax(addressKey, ADDRESS_FAILURES_BEFORE_LOCK);
			if (secondFactors.active(user.id())) {
				sessions.forgive(userKey, USER_FAILURES_BEFORE_LOCK);
				throw totpRequired(user, now);
			}
			sessions.clear(userKey);
			return issue(user, Ids.next(), now);
		}
		finally {
			waiting.decrementAndGet();
		}
	}

	/** Answers the second step of a sign-in whose password was right: a one-use token for the code. */
	private ApiException totpRequired(User user, Instant now) {
		var challenge = tokens.newRefreshToken();
		var expires = now.plus(CHALLENGE_TTL);
		factors.insertChallenge(Tokens.hash(challenge), user.id(), now, expires);
		var properties = new LinkedHashMap<String, Object>();
		properties.put("challenge_token", challenge);
		properties.put("challenge_expires_in", CHALLENGE_TTL.toSeconds());
		return new ApiException(HttpStatus.UNAUTHORIZED, "totp_required",
				"The password is right; now the 6-digit code from the authenticator app (or a recovery code) is needed: "
						+ "POST /api/v1/auth/login/totp",
				List.of(), properties);
	}

	/**
	 * The second step of a sign-in: the challenge of a right password and the current code of the user's
	 * authenticator (or a recovery code, spent once). The code is counted as a sign-in attempt of the user, as a
	 * password is (5 wrong ones lock them out, 429); a code is good once, even within its 30 s; a wrong one
	 * leaves the challenge good for another try until it expires ({@link #CHALLENGE_TTL}). Answers the pair.
	 */
	public TokenPair loginWithCode(String challengeToken, String code, String address) {
		var typed = SecondFactors.parse("code", code);
		var now = clock.instant();
		var hash = Tokens.hash(challengeToken);
		var user = (challengeToken.length() > 100 ? Optional.<UUID>empty() : factors.challenge(hash, now))
			.flatMap(users::find)
			.filter(User::active)
			.orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "invalid_challenge",
					"The sign-in has expired or is unknown; sign in with the password again"));
		var userKey = "user:" + user.username().toLowerCase(Locale.ROOT);
		long wait = sessions.lockedFor(userKey, now);
		if (wait > 0) {
			throw refusedLocked(wait);
		}
		int userCount = sessions.attempt(userKey, USER_FAILURES_BEFORE_LOCK, null, now);
		if (userCount < 0) {
			throw refusedLocked(sessions.lockedFor(userKey, now));
		}
		record Outcome(@Nullable TokenPair pair, boolean challengeGone) {
		}
		var outcome = transactions.execute(tx -> {
			var verdict = secondFactors.verify(user.id(), typed, now);
			if (!verdict.accepted()) {
				return new Outcome(null, false);
			}
			if (!factors.useChallenge(hash, now)) {
				tx.setRollbackOnly();
				return new Outcome(null, true);
			}
			if (verdict.kind() == SecondFactors.Kind.RECOVERY) {
				LoginAudit.recoveryCodeUsed(events, user, "sign_in", verdict.recoveryCodesLeft());
			}
			return new Outcome(issue(user, Ids.next(), now), false);
		});
		var pair = outcome == null ? null : outcome.pair();
		if (pair != null) {
			sessions.clear(userKey);
			return pair;
		}
		if (outcome != null && outcome.challengeGone()) {
			sessions.forgive(userKey, USER_FAILURES_BEFORE_LOCK);
			throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_challenge",
					"The sign-in was completed or expired meanwhile; sign in with the password again");
		}
		audit.codeRefused(user, "sign_in", address, typed.kind(), userCount == USER_FAILURES_BEFORE_LOCK);
		throw new ApiException(HttpStatus.UNAUTHORIZED, "totp_code_wrong",
				"The code is wrong, or was used already; type the code the app shows now");
	}

	/**
	 * Checks the password of a MANAGER or ADMIN typed at someone else's till to approve what that user may not
	 * do alone. Counted as a sign-in attempt of the approver (5 wrong ones lock them out, as at sign-in), under
	 * the same bound of concurrent hashes. Answers the approver, or refuses with 403 {@code approval_refused}
	 * (not 401, which would tell the till its own session ended).
	 * <p>
	 * An approver with an active TOTP factor must give its code too: without one, 403
	 * {@code approval_code_required} (only once the password was right, so that it tells a guesser nothing); a
	 * wrong or used code is refused and counted as the wrong password would be. An approver whose role requires
	 * a factor they have not set up yet may not approve.
	 */
	User checkApprover(String username, String password, @Nullable String code) {
		var typed = code == null ? null : SecondFactors.parse("approver_code", code);
		var now = clock.instant();
		var userKey = "user:" + username.toLowerCase(Locale.ROOT);
		countAndHoldHash(userKey, now);
		Optional<Users.Credentials> found;
		boolean ok;
		try {
			found = users.credentials(username);
			if (found.isPresent() && found.get().user().active()) {
				ok = encoder.matches(password, found.get().passwordHash());
			}
			else {
				encoder.matches(password, decoyHash);
				ok = false;
			}
		}
		finally {
			hashing.release();
		}
		if (!ok) {
			throw new ApiException(HttpStatus.FORBIDDEN, "approval_refused",
					"The approver's user name or password is wrong, or the approver is inactive");
		}
		var approver = found.get().user();
		if (secondFactors.active(approver.id())) {
			if (typed == null) {
				sessions.forgive(userKey, USER_FAILURES_BEFORE_LOCK);
				throw new ApiException(HttpStatus.FORBIDDEN, "approval_code_required",
						"The approver uses two-step sign-in: their 6-digit code (or a recovery code) is needed too",
						List.of(new ApiException.FieldError("approver_code", "is required for this approver")), Map.of());
			}
			var verdict = transactions.execute(tx -> {
				var checked = secondFactors.verify(approver.id(), typed, now);
				if (checked.accepted() && checked.kind() == SecondFactors.Kind.RECOVERY) {
					LoginAudit.recoveryCodeUsed(events, approver, "approval", checked.recoveryCodesLeft());
				}
				return checked;
			});
			if (verdict == null || !verdict.accepted()) {
				audit.codeRefused(approver, "approval", null, typed.kind(),
						sessions.lockedFor(userKey, now) > 0);
				throw new ApiException(HttpStatus.FORBIDDEN, "approval_refused",
						"The approver's code is wrong, or was used already");
			}
		}
		else if (secondFactors.required(approver)) {
			sessions.clear(userKey);
			throw new ApiException(HttpStatus.FORBIDDEN, "approval_refused",
					"The approver must set up two-step sign-in before approving (their role requires it)");
		}
		sessions.clear(userKey);
		return approver;
	}

	/**
	 * A signed-in user proves it is them before changing their second factor: the password, and the code when
	 * {@code code} is given (the TOTP code or a recovery code, spent). Counted as a sign-in attempt (5 wrong
	 * ones lock the user out, 429); a wrong password or code answers 400 naming the field, a right pair clears
	 * the count. Run the change that follows in {@code then}, in the transaction that spends the code.
	 */
	<T> T proveSelf(UUID userId, String password, SecondFactors.@Nullable Code code, String where,
			java.util.function.Supplier<T> then) {
		var user = get(userId);
		var now = clock.instant();
		var userKey = "user:" + user.username().toLowerCase(Locale.ROOT);
		countAndHoldHash(userKey, now);
		boolean ok;
		try {
			ok = encoder.matches(password, users.passwordHash(userId).orElse(decoyHash));
		}
		finally {
			hashing.release();
		}
		if (!ok) {
			throw ApiException.invalid("password", "is wrong");
		}
		record Proved<T>(boolean accepted, @Nullable T result) {
		}
		var proved = transactions.execute(tx -> {
			if (code != null) {
				var verdict = secondFactors.verify(userId, code, now);
				if (!verdict.accepted()) {
					return new Proved<T>(false, null);
				}
				if (verdict.kind() == SecondFactors.Kind.RECOVERY) {
					LoginAudit.recoveryCodeUsed(events, user, where, verdict.recoveryCodesLeft());
				}
			}
			return new Proved<>(true, then.get());
		});
		if (proved == null || !proved.accepted()) {
			audit.codeRefused(user, where, null, code == null ? SecondFactors.Kind.TOTP : code.kind(),
					sessions.lockedFor(userKey, now) > 0);
			throw ApiException.invalid("code", "is wrong, or was used already");
		}
		sessions.clear(userKey);
		return Objects.requireNonNull(proved.result());
	}

	/** Waits for a hashing slot; the logins waiting are bounded, so the wait is too. */
	/**
	 * Before a password is checked outside the sign-in (an approver's, or one's own for a change): the attempt
	 * counted for the user (refused while they are locked out) and one of the bounded hashes taken, or 429 at once.
	 * The caller releases the hash.
	 */
	private void countAndHoldHash(String userKey, Instant now) {
		if (sessions.attempt(userKey, USER_FAILURES_BEFORE_LOCK, null, now) < 0) {
			throw refusedLocked(sessions.lockedFor(userKey, now));
		}
		if (!acquireHash()) {
			sessions.forgive(userKey, USER_FAILURES_BEFORE_LOCK);
			audit.busy();
			throw new RateLimited("Too many sign-ins at once; retry in a second", 1);
		}
	}

	private boolean acquireHash() {
		try {
			return hashing.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static RateLimited refusedLocked(long wait) {
		return new RateLimited("Too many failed logins; try again in " + Math.max(1, wait) + " s", Math.max(1, wait));
	}

	/**
	 * Trades a refresh token for a new pair; a token traded twice revokes its family (a thief and the owner
	 * both hold it), except when the same client trades it again within {@code refresh-grace}: its first
	 * reply was lost, and it gets another pair of the same family.
	 *
	 * @param client who asks (address and user agent), compared on a retry
	 */
	public TokenPair refresh(String refreshToken, String client) {
		var now = clock.instant();
		var hash = Tokens.hash(refreshToken);
		record Outcome(@Nullable TokenPair pair, @Nullable String refusal) {
		}
		var outcome = transactions.execute(tx -> {
			var stored = sessions.lock(hash).orElse(null);
			if (stored == null) {
				return new Outcome(null, "The refresh token is unknown");
			}
			if (stored.usedAt() != null && stored.revokedAt() == null && client.equals(stored.usedBy())
					&& !stored.usedAt().plus(settings.refreshGrace()).isBefore(now) && !stored.expiresAt().isBefore(now)) {
				var user = users.find(stored.userId()).filter(User::active).orElse(null);
				if (user != null) {
					return new Outcome(issue(user, stored.familyId(), now), null);
				}
			}
			if (stored.usedAt() != null || stored.revokedAt() != null) {
				sessions.revokeFamily(stored.familyId(), now);
				audit.refreshReused(stored.userId(), stored.familyId());
				return new Outcome(null, "The refresh token was already used; its sessions are revoked");
			}
			if (stored.expiresAt().isBefore(now)) {
				return new Outcome(null, "The refresh token has expired");
			}
			var user = users.find(stored.userId()).filter(User::active).orElse(null);
			if (user == null) {
				sessions.revokeFamily(stored.familyId(), now);
				return new Outcome(null, "The user is inactive");
			}
			sessions.markUsed(hash, now, client);
			return new Outcome(issue(user, stored.familyId(), now), null);
		});
		var pair = outcome.pair();
		if (pair == null) {
			throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_refresh_token",
					Objects.requireNonNullElse(outcome.refusal(), "The refresh token is not valid"));
		}
		return pair;
	}

	public void logout(String refreshToken) {
		var now = clock.instant();
		transactions.executeWithoutResult(tx -> sessions.lock(Tokens.hash(refreshToken))
			.ifPresent(stored -> sessions.revokeFamily(stored.familyId(), now)));
	}

	private TokenPair issue(User user, UUID familyId, Instant now) {
		var refresh = tokens.newRefreshToken();
		sessions.insert(Tokens.hash(refresh), familyId, user.id(), now.plus(tokens.refreshTtl()), now);
		return new TokenPair(tokens.access(user, now, users.mustChangePassword(user.id()), secondFactors.mustEnrol(user)),
				"Bearer", tokens.accessTtlSeconds(), refresh);
	}

	public User create(NewUser request) {
		var roles = checkedRoles(request.roles());
		var username = request.username().strip();
		if (!USERNAME.matcher(username).matches()) {
			throw ApiException.invalid("username", "must be 3 to 64 letters, digits or . _ @ -");
		}
		var given = request.displayName();
		var displayName = given == null || given.isBlank() ? username : given.strip();
		if (displayName.length() > 200) {
			throw ApiException.invalid("display_name", "must have at most 200 characters");
		}
		policy.check("password", request.password(), username, roles);
		var hash = encoder.encode(request.password());
		var now = clock.instant();
		var user = new User(Ids.next(), username, displayName, Set.copyOf(roles), copy(request.locationIds()), true,
				now, now);
		return transactions.execute(tx -> {
			if (users.usernameTaken(username)) {
				throw ApiException.conflict("username_taken", "The user name " + username + " is taken");
			}
			users.insert(user, hash);
			events.append("user.created", "user", user.id(), null, describe(user));
			return user;
		});
	}

	public User get(UUID id) {
		return users.find(id).orElseThrow(() -> ApiException.notFound("User", id));
	}

	/** Users by id, in one query; ids that do not exist are absent. */
	public Map<UUID, User> users(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return Map.of();
		}
		var found = new HashMap<UUID, User>();
		users.byIds(ids).forEach(user -> found.put(user.id(), user));
		return found;
	}

	/** How many users are limited to the location (a location they are limited to is not deleted). */
	public long usersLimitedTo(UUID locationId) {
		return users.limitedTo(locationId);
	}

	public Page<User> list(@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(users.page(Page.decodeId(cursor), size + 1), size, user -> user.id().toString());
	}

	public User changeAccess(UUID id, Set<Role> roles, @Nullable List<UUID> locationIds, UUID actorId) {
		var checked = checkedRoles(roles);
		var now = clock.instant();
		return transactions.execute(tx -> {
			var user = get(id);
			if (id.equals(actorId) && user.roles().contains(Role.ADMIN) && !checked.contains(Role.ADMIN)) {
				throw ApiException.conflict("last_admin", "You cannot take the ADMIN role from yourself");
			}
			if (!checked.contains(Role.ADMIN)) {
				requireAnotherAdmin(id);
			}
			users.updateAccess(id, checked, copy(locationIds), now);
			sessions.revokeUser(id, now);
			var changed = get(id);
			events.append("user.access_changed", "user", id, null, describe(changed));
			return changed;
		});
	}

	public User setActive(UUID id, boolean active, UUID actorId) {
		var now = clock.instant();
		if (!active && id.equals(actorId)) {
			throw ApiException.conflict("self_deactivation", "You cannot deactivate yourself");
		}
		return transactions.execute(tx -> {
			get(id);
			if (!active) {
				requireAnotherAdmin(id);
			}
			users.setActive(id, active, now);
			if (!active) {
				sessions.revokeUser(id, now);
			}
			var changed = get(id);
			events.append(active ? "user.activated" : "user.deactivated", "user", id, null, describe(changed));
			return changed;
		});
	}

	/** Refuses, with 409, to take the last active admin away: Kassa would have nobody to manage it. */
	private void requireAnotherAdmin(UUID id) {
		var admins = users.lockActiveAdmins();
		if (admins.contains(id) && admins.size() <= 1) {
			throw ApiException.conflict("last_admin", "This is the last active ADMIN; make another one first");
		}
	}

	/** An admin sets a new password for someone; their sessions end. */
	public void resetPassword(UUID id, String password) {
		var user = get(id);
		policy.check("password", password, user.username(), user.roles());
		storePassword(user, password, "user.password_reset");
	}

	/** A user changes their own password, proving the current one. */
	public void changeOwnPassword(UUID id, String current, String password) {
		var user = get(id);
		var hash = users.passwordHash(id).orElseThrow();
		if (!encoder.matches(current, hash)) {
			throw ApiException.invalid("current_password", "is wrong");
		}
		policy.check("new_password", password, user.username(), user.roles());
		storePassword(user, password, "user.password_changed");
	}

	private void storePassword(User user, String password, String eventType) {
		var hash = encoder.encode(password);
		var now = clock.instant();
		transactions.executeWithoutResult(tx -> {
			users.setPassword(user.id(), hash, now);
			sessions.revokeUser(user.id(), now);
			events.append(eventType, "user", user.id(), null, java.util.Map.of("username", user.username()));
		});
	}

	/** Creates the first admin unless there is one. Returns the generated password, if one was generated. */
	@Nullable
	String ensureAdmin(@Nullable String configuredPassword) {
		if (users.anyAdmin()) {
			return null;
		}
		var generated = configuredPassword == null || configuredPassword.isBlank();
		var password = configuredPassword == null || generated ? tokens.newRefreshToken().substring(0, 20)
				: configuredPassword;
		var admin = create(new NewUser("admin", "Administrator", password, Set.of(Role.ADMIN), null));
		if (generated) {
			requirePasswordChange(admin.id());
		}
		return generated ? password : null;
	}

	/** Until the user changes their password, their tokens reach only that (see AccessGates). */
	void requirePasswordChange(UUID id) {
		var user = get(id);
		transactions.executeWithoutResult(tx -> {
			users.requirePasswordChange(id);
			events.append("user.password_change_required", "user", id, null,
					java.util.Map.of("username", user.username()));
		});
	}

	private static EnumSet<Role> checkedRoles(@Nullable Set<Role> roles) {
		if (roles == null || roles.isEmpty()) {
			throw ApiException.invalid("roles", "must name at least one role");
		}
		return EnumSet.copyOf(roles);
	}

	private static @Nullable List<UUID> copy(@Nullable List<UUID> ids) {
		return ids == null ? null : List.copyOf(new java.util.LinkedHashSet<>(ids));
	}

	private static java.util.Map<String, Object> describe(User user) {
		var map = new LinkedHashMap<String, Object>();
		map.put("username", user.username());
		map.put("display_name", user.displayName());
		map.put("roles", user.roles().stream().map(Enum::name).sorted().toList());
		map.put("location_ids", user.locationIds());
		map.put("active", user.active());
		return map;
	}

	@Scheduled(fixedDelay = 3_600_000, initialDelay = 300_000)
	void forgetOldSessions() {
		sessions.forgetOld(clock.instant().minus(Duration.ofDays(1)));
		factors.forgetOld(clock.instant().minus(Duration.ofDays(1)));
	}
}
