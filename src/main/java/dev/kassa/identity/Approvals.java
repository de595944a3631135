package dev.kassa.identity;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Role;

/**
 * A MANAGER's approval, typed at a cashier's till, of one sale, order or estimate whose discount or price
 * reduction is above the cashier's limit. The manager enters their user name and password on the till; the
 * till gets a token that is good once, for {@link #TTL}, for that cashier at that location, up to the percent
 * the manager approved. The password is checked as a sign-in of the manager (5 wrong ones lock the manager
 * out), so a till cannot guess it; a manager with a TOTP second factor types its code too. Only the token's
 * SHA-256 is stored.
 */
@Service
public class Approvals {

	/** How long an approval waits for the sale it approves. */
	static final Duration TTL = Duration.ofMinutes(2);

	/** Who approved, and up to what. */
	public record Approval(UUID approverId, String approverName, BigDecimal maxPercent, String token) {

		@Override
		public String toString() {
			return "Approval[" + approverName + ", " + maxPercent + "%]";
		}
	}

	record Issued(String approvalToken, Instant expiresAt, String approvedBy, BigDecimal maxPercent) {
	}

	private final IdentityService identity;

	private final Tokens tokens;

	private final JdbcClient jdbc;

	private final EventLog events;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Approvals(IdentityService identity, Tokens tokens, JdbcClient jdbc, EventLog events) {
		this.identity = identity;
		this.tokens = tokens;
		this.jdbc = jdbc;
		this.events = events;
	}

	Issued issue(CurrentUser cashier, String approverName, String password, @Nullable String code, UUID locationId,
			BigDecimal maxPercent) {
		if (maxPercent.signum() <= 0 || maxPercent.compareTo(BigDecimal.valueOf(100)) > 0 || maxPercent.scale() > 3) {
			throw ApiException.invalid("max_percent", "must be above 0 and at most 100, with at most 3 decimals");
		}
		cashier.requireLocation(locationId);
		var approver = identity.checkApprover(approverName, password, code);
		if (approver.id().equals(cashier.id())) {
			throw refused("You cannot approve your own request; another MANAGER must");
		}
		if (!approver.roles().contains(Role.MANAGER) && !approver.roles().contains(Role.ADMIN)) {
			throw refused("Only a MANAGER or ADMIN may approve");
		}
		if (approver.locationIds() != null && !approver.locationIds().contains(locationId)) {
			throw refused("The approver is not allowed at location " + locationId);
		}
		var token = tokens.newRefreshToken();
		var now = clock.instant();
		var expires = now.plus(TTL);
		jdbc.sql("""
				INSERT INTO approvals (token_hash, approver_id, approver_name, cashier_id, location_id, max_percent,
				                       created_at, expires_at)
				VALUES (:hash, :approver, :name, :cashier, :location, :percent, :now, :expires)
				""")
			.param("hash", Tokens.hash(token))
			.param("approver", approver.id())
			.param("name", approver.username())
			.param("cashier", cashier.id())
			.param("location", locationId)
			.param("percent", maxPercent)
			.param("now", Timestamp.from(now))
			.param("expires", Timestamp.from(expires))
			.update();
		return new Issued(token, expires, approver.username(), maxPercent);
	}

	/** What an approval is used for: a sale, an order or an estimate, by its id. */
	public enum Kind {
		SALE("sale_id"), ORDER("order_id"), ESTIMATE("estimate_id");

		private final String column;

		Kind(String column) {
			this.column = column;
		}
	}

	/**
	 * Uses up the approval {@code token} for the cashier at the location, if it is theirs, unused, unexpired and
	 * approves at least {@code neededPercent}, and binds it to the {@code kind} of document {@code id}; one
	 * statement, so two requests cannot both use it. Run inside the transaction that writes the document: a
	 * document refused later (short stock) rolls the use back and the approval stays good. Records who approved
	 * and for what in the event log ({@code approval.used}). Empty when it does not hold.
	 */
	public Optional<Approval> use(String token, UUID cashierId, UUID locationId, BigDecimal neededPercent, Kind kind,
			UUID id) {
		if (token.length() > 100) {
			return Optional.empty();
		}
		var now = clock.instant();
		var used = jdbc.sql("""
				UPDATE approvals SET used_at = :now, %s = :target
				WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now AND cashier_id = :cashier
				  AND location_id = :location AND max_percent >= :needed
				RETURNING approver_id, approver_name, max_percent
				""".formatted(kind.column))
			.param("now", Timestamp.from(now))
			.param("target", id)
			.param("hash", Tokens.hash(token))
			.param("cashier", cashierId)
			.param("location", locationId)
			.param("needed", neededPercent)
			.query((rs, n) -> new Approval(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3), token))
			.optional();
		used.ifPresent(approval -> events.append("approval.used", "user", approval.approverId(), locationId,
				Map.of("approver", approval.approverName(), "approver_id", approval.approverId().toString(),
						"cashier_id", cashierId.toString(), "max_percent", approval.maxPercent(),
						"needed_percent", neededPercent, "for", kind.name().toLowerCase(java.util.Locale.ROOT),
						kind.column, id.toString())));
		return used;
	}

	/**
	 * The approval an estimate was made with, which covers the order it is converted to (re-priced for whoever
	 * converts it): up to the percent the manager approved, once, since an estimate converts once. Binds the
	 * approval to the order too. Empty when the estimate needed none. Run inside the conversion's transaction.
	 */
	public Optional<Approval> carryToOrder(UUID estimateId, UUID orderId) {
		return jdbc.sql("""
				UPDATE approvals SET order_id = :order
				WHERE estimate_id = :estimate AND order_id IS NULL
				RETURNING approver_id, approver_name, max_percent
				""")
			.param("order", orderId)
			.param("estimate", estimateId)
			.query((rs, n) -> new Approval(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3), ""))
			.optional();
	}

	/**
	 * Whether the approval {@code token} would cover {@code neededPercent} for the cashier at the location, without
	 * using it up: a till's preview of the cart ({@code POST /api/v1/sales/quote}) shows the approved price, and
	 * the sale that follows is what spends the approval.
	 */
	public Optional<Approval> peek(String token, UUID cashierId, UUID locationId, BigDecimal neededPercent) {
		if (token.length() > 100) {
			return Optional.empty();
		}
		return jdbc.sql("""
				SELECT approver_id, approver_name, max_percent FROM approvals
				WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now AND cashier_id = :cashier
				  AND location_id = :location AND max_percent >= :needed
				""")
			.param("now", Timestamp.from(clock.instant()))
			.param("hash", Tokens.hash(token))
			.param("cashier", cashierId)
			.param("location", locationId)
			.param("needed", neededPercent)
			.query((rs, n) -> new Approval(rs.getObject(1, UUID.class), rs.getString(2), rs.getBigDecimal(3), token))
			.optional();
	}

	private static ApiException refused(String detail) {
		return new ApiException(HttpStatus.FORBIDDEN, "approval_refused", detail);
	}
}
