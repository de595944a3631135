package dev.kassa.tills;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Till sessions")
class TillSessionController {

	private final TillSessions sessions;

	private final Idempotency idempotency;

	TillSessionController(TillSessions sessions, Idempotency idempotency) {
		this.sessions = sessions;
		this.idempotency = idempotency;
	}

	record DenominationBody(@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 4) BigDecimal value,
			@NotNull @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(1000000) Integer count) {

		TillSession.Denomination denomination() {
			return new TillSession.Denomination(value, count);
		}
	}

	/** @param openingFloat the cash in the drawer at the start; may be given as denominations instead */
	record OpenBody(@NotNull UUID terminalId,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal openingFloat,
			@Size(max = 50) @Nullable List<@Valid @NotNull DenominationBody> denominations) {
	}

	record MovementBody(@NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 12, fraction = 4) BigDecimal amount,
			@Size(max = 500) @Nullable String reason) {
	}

	record NoSaleBody(@Size(max = 500) @Nullable String reason) {
	}

	/** @param method CASH, CARD, UPI or OTHER */
	record CountBody(@NotBlank @Size(max = 16) String method,
			@DecimalMin("0") @Digits(integer = 12, fraction = 4) @Nullable BigDecimal amount,
			@Size(max = 50) @Nullable List<@Valid @NotNull DenominationBody> denominations) {
	}

	record CloseBody(@NotNull @Size(max = 4) List<@Valid @NotNull CountBody> counted) {
	}

	record AcceptBody(@NotBlank @Size(max = 1000) String note) {
	}

	private static ResponseEntity<JsonNode> answer(Idempotency.Response response) {
		return ResponseEntity.status(response.status()).body(response.body());
	}

	private static @Nullable List<TillSession.Denomination> denominations(@Nullable List<DenominationBody> given) {
		return given == null ? null : given.stream().map(DenominationBody::denomination).toList();
	}

	@PostMapping("/api/v1/till-sessions")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Open a cash session on a terminal with an opening float (an amount or denominations); "
			+ "409 till_session_open naming the terminal's session that is not closed")
	ResponseEntity<JsonNode> open(@Valid @RequestBody OpenBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		if (body.openingFloat() == null && body.denominations() == null) {
			throw ApiException.invalid("opening_float", "is required (or denominations)");
		}
		return answer(idempotency.run("till-session.open:" + user.id(), key, body, HttpStatus.CREATED,
				() -> sessions.open(new TillSessions.Opening(body.terminalId(), body.openingFloat(),
						denominations(body.denominations())), user)));
	}

	@GetMapping("/api/v1/till-sessions")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "List sessions, newest first; filter by terminal_id, location_id, cashier_id, state, "
			+ "and from/to (ISO-8601 instants, on the opening time)")
	Page<TillSession> list(@RequestParam(name = "terminal_id", required = false) @Nullable UUID terminalId,
			@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(name = "cashier_id", required = false) @Nullable UUID cashierId,
			@RequestParam(required = false) @Nullable TillState state,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		if (locationId != null && !user.mayUse(locationId)) {
			throw ApiException.notFound("Location", locationId);
		}
		return sessions.list(new TillSessions.Filter(user.locations(), terminalId, locationId, cashierId, state,
				instant(from, "from"), instant(to, "to")), cursor, limit);
	}

	static @Nullable Instant instant(@Nullable String text, String field) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (java.time.format.DateTimeParseException ex) {
			try {
				return java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
			}
			catch (java.time.format.DateTimeParseException again) {
				throw ApiException.invalid(field, "must be an ISO-8601 date-time with an offset, or a date");
			}
		}
	}

	@GetMapping("/api/v1/till-sessions/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Get a session")
	TillSession get(@PathVariable UUID id, CurrentUser user) {
		return sessions.get(id, user);
	}

	private ResponseEntity<JsonNode> move(String op, UUID id, TillSessions.MovementKind kind, @Nullable BigDecimal amount,
			@Nullable String reason, Object body, @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("till-session." + op + ":" + user.id(), key, List.of(id, body), HttpStatus.CREATED,
				() -> sessions.move(id, kind, amount, reason, user)));
	}

	@PostMapping("/api/v1/till-sessions/{id}/paid-in")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Cash put into the drawer, with a reason")
	ResponseEntity<JsonNode> paidIn(@PathVariable UUID id, @Valid @RequestBody MovementBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return move("paid-in", id, TillSessions.MovementKind.PAID_IN, body.amount(), body.reason(), body, key, user);
	}

	@PostMapping("/api/v1/till-sessions/{id}/paid-out")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Cash taken out of the drawer for an expense, with a reason; above the location's limit a "
			+ "MANAGER only; 409 exceeds_drawer_cash when the drawer should hold less")
	ResponseEntity<JsonNode> paidOut(@PathVariable UUID id, @Valid @RequestBody MovementBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return move("paid-out", id, TillSessions.MovementKind.PAID_OUT, body.amount(), body.reason(), body, key, user);
	}

	@PostMapping("/api/v1/till-sessions/{id}/drops")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "A cash drop (safe drop) to the back office; 409 exceeds_drawer_cash when the drawer should hold less")
	ResponseEntity<JsonNode> drop(@PathVariable UUID id, @Valid @RequestBody MovementBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return move("drop", id, TillSessions.MovementKind.DROP, body.amount(), body.reason(), body, key, user);
	}

	@PostMapping("/api/v1/till-sessions/{id}/no-sale")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Record a drawer opened without a sale, with the cashier and the time")
	ResponseEntity<JsonNode> noSale(@PathVariable UUID id, @Valid @RequestBody(required = false) @Nullable NoSaleBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		var given = body == null ? new NoSaleBody(null) : body;
		return move("no-sale", id, TillSessions.MovementKind.NO_SALE, null, given.reason(), given, key, user);
	}

	@PostMapping("/api/v1/till-sessions/{id}/close")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Blind close: declare what was counted per payment method (cash as an amount or by "
			+ "denomination); the session is CLOSED with its Z report, or stays CLOSING when the variance needs a MANAGER")
	ResponseEntity<JsonNode> close(@PathVariable UUID id, @Valid @RequestBody CloseBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("till-session.close:" + user.id(), key, List.of(id, body), HttpStatus.OK,
				() -> sessions.close(id, body.counted().stream()
					.map(c -> new TillSessions.Count(c.method(), c.amount(), denominations(c.denominations())))
					.toList(), user)));
	}

	@PostMapping("/api/v1/till-sessions/{id}/accept-variance")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Accept the variance of a counted (CLOSING) session with a note; it is CLOSED with its Z report")
	ResponseEntity<JsonNode> acceptVariance(@PathVariable UUID id, @Valid @RequestBody AcceptBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("till-session.accept:" + user.id(), key, List.of(id, body), HttpStatus.OK,
				() -> sessions.acceptVariance(id, body.note(), user)));
	}

	@PostMapping("/api/v1/till-sessions/{id}/reopen")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Send a counted (CLOSING) session back to OPEN for a recount; a CLOSED session never reopens")
	ResponseEntity<JsonNode> reopen(@PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("till-session.reopen:" + user.id(), key, id, HttpStatus.OK,
				() -> sessions.reopen(id, user)));
	}

	@GetMapping("/api/v1/till-sessions/{id}/x-report")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The X report: the session's figures now, changing nothing; a cashier is not shown the expected cash")
	TillReport xReport(@PathVariable UUID id, CurrentUser user) {
		return sessions.xReport(id, user);
	}

	@GetMapping(path = "/api/v1/till-sessions/{id}/z-report", produces = "application/json")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The Z report of a closed session: JSON, or with Accept: application/pdf the PDF "
			+ "(paper=80mm, 58mm or a4, the terminal's paper width when absent); 404 until closed")
	ZReport zReport(@PathVariable UUID id, CurrentUser user) {
		return sessions.zReport(id, user);
	}

	@GetMapping("/api/v1/till-sessions/{id}/late-arrivals")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The supplementary report of a session: sales made offline in it that arrived after it was "
			+ "closed, with totals per payment method and tax rate; the Z report stays as written")
	LateArrivals lateArrivals(@PathVariable UUID id, CurrentUser user) {
		return sessions.lateArrivals(id, user);
	}

	@GetMapping("/api/v1/till-reports/variances")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Variance per closed session, and totals per cashier and per terminal, for sessions closed from/to")
	Map<String, Object> variances(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam String from, @RequestParam String to, CurrentUser user) {
		var rows = sessions.varianceReport(locationId, range(from, "from"), range(to, "to"), user);
		var byCashier = new java.util.LinkedHashMap<Object, BigDecimal>();
		var byTerminal = new java.util.LinkedHashMap<Object, BigDecimal>();
		for (var row : rows) {
			var variance = (BigDecimal) row.get("variance_total");
			if (variance != null) {
				byCashier.merge(row.get("cashier_id"), variance, BigDecimal::add);
				byTerminal.merge(row.get("terminal_id"), variance, BigDecimal::add);
			}
		}
		return Map.of("sessions", rows,
				"by_cashier", byCashier.entrySet().stream().map(e -> Map.of("cashier_id", e.getKey(), "variance_total", e.getValue())).toList(),
				"by_terminal", byTerminal.entrySet().stream().map(e -> Map.of("terminal_id", e.getKey(), "variance_total", e.getValue())).toList());
	}

	@GetMapping("/api/v1/till-reports/sales")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Sales, voids and returns per terminal and session made from/to")
	Map<String, Object> sales(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(name = "terminal_id", required = false) @Nullable UUID terminalId, @RequestParam String from,
			@RequestParam String to, CurrentUser user) {
		return Map.of("items", sessions.salesBySession(locationId, terminalId, range(from, "from"), range(to, "to"), user));
	}

	private static Instant range(String text, String field) {
		var instant = instant(text, field);
		if (instant == null) {
			throw ApiException.invalid(field, "is required");
		}
		return instant;
	}
}
