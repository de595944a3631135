package dev.kassa.tills;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.events.EventLog;
import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.Role;
import dev.kassa.platform.SqlPart;

/**
 * Cash sessions on terminals. Every change locks the session's row; a sale at the terminal share-locks it
 * in the sale's own statement (see {@link #claim}), so a close waits for the sales in flight and a sale
 * that comes after the count finds the session no longer OPEN and is refused: each sale is in exactly one
 * session's Z report, or refused. Closing writes the Z report in the same transaction as the CLOSED state.
 */
@Service
public class TillSessions {

	static final List<String> METHODS = List.of("CASH", "CARD", "UPI", "OTHER");

	private final TillSessionStore store;

	private final TerminalStore terminalStore;

	private final Terminals terminals;

	private final ZReportStore zReports;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final OrganizationService organization;

	private final JsonMapper json;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	private final ApplicationEventPublisher publisher;

	TillSessions(TillSessionStore store, TerminalStore terminalStore, Terminals terminals, ZReportStore zReports,
			EventLog events, TransactionTemplate transactions, OrganizationService organization, JsonMapper json,
			ApplicationEventPublisher publisher) {
		this.publisher = publisher;
		this.store = store;
		this.terminalStore = terminalStore;
		this.terminals = terminals;
		this.zReports = zReports;
		this.events = events;
		this.transactions = transactions;
		this.organization = organization;
		this.json = json;
	}

	private String currency() {
		return organization.profile().map(p -> p.currency()).orElse("INR");
	}

	private int scale() {
		try {
			int digits = java.util.Currency.getInstance(currency()).getDefaultFractionDigits();
			return digits < 0 ? 2 : digits;
		}
		catch (IllegalArgumentException ex) {
			return 2;
		}
	}

	/** An amount of the currency: not negative, no more decimals than the currency has. */
	private BigDecimal money(@Nullable BigDecimal amount, String field) {
		if (amount == null) {
			throw ApiException.invalid(field, "is required");
		}
		if (amount.signum() < 0) {
			throw ApiException.invalid(field, "must not be negative");
		}
		int scale = scale();
		if (amount.stripTrailingZeros().scale() > scale) {
			throw ApiException.invalid(field, "has more than " + scale + " decimals for " + currency());
		}
		if (amount.compareTo(new BigDecimal("1e12")) >= 0) {
			throw ApiException.invalid(field, "is too large");
		}
		return amount.setScale(scale);
	}

	/** Notes or coins counted: each value positive, each count not negative; answers their sum. */
	private BigDecimal counted(List<TillSession.Denomination> denominations, String field) {
		var sum = BigDecimal.ZERO;
		var seen = new java.util.HashSet<BigDecimal>();
		for (int i = 0; i < denominations.size(); i++) {
			var d = denominations.get(i);
			var at = field + "[" + i + "]";
			if (d == null) {
				throw ApiException.invalid(at, "must not be null");
			}
			var value = money(d.value(), at + ".value");
			if (value.signum() == 0) {
				throw ApiException.invalid(at + ".value", "must be positive");
			}
			if (d.count() < 0 || d.count() > 1_000_000) {
				throw ApiException.invalid(at + ".count", "must be 0 to 1000000");
			}
			if (!seen.add(value.stripTrailingZeros())) {
				throw ApiException.invalid(at + ".value", "is counted twice");
			}
			sum = sum.add(value.multiply(BigDecimal.valueOf(d.count())));
		}
		return sum.setScale(scale());
	}

	private BigDecimal amountOrCounted(@Nullable BigDecimal amount, @Nullable List<TillSession.Denomination> denominations,
			String field, String denominationsField) {
		if (denominations == null) {
			return money(amount, field);
		}
		var sum = counted(denominations, denominationsField);
		if (amount != null && money(amount, field).compareTo(sum) != 0) {
			throw ApiException.invalid(field, "is " + amount.toPlainString() + " but the denominations add up to "
					+ sum.toPlainString());
		}
		return sum;
	}

	// Opening

	public record Opening(UUID terminalId, @Nullable BigDecimal openingFloat,
			@Nullable List<TillSession.Denomination> denominations) {
	}

	/**
	 * Opens a session on the terminal for the caller, with the float. 409 {@code till_session_open} naming
	 * the terminal's session that is not closed; 409 {@code cashier_has_open_session} when the caller holds one
	 * elsewhere and the location does not allow more.
	 */
	public TillSession open(Opening request, CurrentUser cashier) {
		var terminal = terminals.named(request.terminalId(), "terminal_id", cashier);
		if (!terminal.active()) {
			throw ApiException.conflict("terminal_inactive", "Terminal " + terminal.code() + " is deactivated");
		}
		var amount = amountOrCounted(request.openingFloat(), request.denominations(), "opening_float", "denominations");
		var settings = terminals.settings(terminal.locationId());
		return transactions.execute(tx -> {
			if (!settings.cashierManySessions()) {
				store.lockCashier(cashier.id());
				var held = store.openOfCashier(cashier.id());
				if (!held.isEmpty()) {
					var other = held.getFirst();
					throw ApiException.conflict("cashier_has_open_session", "You hold session " + other.id()
							+ " on another terminal; close it first", Map.of("session_id", other.id(), "terminal_id",
									other.terminalId()));
				}
			}
			var session = new TillSession(Ids.next(), terminal.id(), terminal.locationId(), cashier.id(), TillState.OPEN,
					amount, request.denominations(), clock.instant(), null, null, List.of(), false, null, null, null,
					null, null, 0, null);
			if (!store.insert(session)) {
				var open = store.current(terminal.id());
				throw ApiException.conflict("till_session_open",
						"Terminal " + terminal.code() + " has a session that is not closed"
								+ open.map(s -> ": " + s.id() + " (" + s.state() + ")").orElse(""),
						open.<Map<String, Object>>map(s -> Map.of("session_id", s.id(), "state", s.state())).orElse(Map.of()));
			}
			events.append("till_session.opened", "till_session", session.id(), session.locationId(),
					Map.of("id", session.id(), "terminal_id", terminal.id(), "cashier_id", cashier.id(), "opening_float",
							amount));
			return store.find(session.id()).orElseThrow();
		});
	}

	// While open

	public enum MovementKind {
		PAID_IN, PAID_OUT, DROP, NO_SALE
	}

	/**
	 * Records a paid in, paid out, cash drop or no-sale opening in an OPEN session. A paid out above the
	 * location's limit needs a MANAGER; a paid out or drop larger than the cash the drawer should hold is 409.
	 */
	public TillSession move(UUID id, MovementKind kind, @Nullable BigDecimal amount, @Nullable String reason,
			CurrentUser user) {
		var reasonText = reason == null || reason.isBlank() ? null : reason.strip();
		BigDecimal value;
		if (kind == MovementKind.NO_SALE) {
			if (amount != null && amount.signum() != 0) {
				throw ApiException.invalid("amount", "a no-sale opening moves no money");
			}
			value = BigDecimal.ZERO.setScale(scale());
		}
		else {
			value = money(amount, "amount");
			if (value.signum() == 0) {
				throw ApiException.invalid("amount", "must be positive");
			}
			if (reasonText == null && kind != MovementKind.DROP) {
				throw ApiException.invalid("reason", "is required");
			}
		}
		return transactions.execute(tx -> {
			var session = lockVisible(id, user);
			requireOwnerOrManager(session, user);
			if (session.state() != TillState.OPEN) {
				throw notOpen(session);
			}
			if (kind == MovementKind.PAID_OUT) {
				var limit = terminals.settings(session.locationId()).paidOutManagerAbove();
				if (value.compareTo(limit) > 0 && !user.hasAny(Role.ADMIN, Role.MANAGER)) {
					throw ApiException.forbidden("A paid out above " + limit.toPlainString() + " needs a MANAGER");
				}
			}
			if (kind == MovementKind.PAID_OUT || kind == MovementKind.DROP) {
				var cash = expectedCash(session);
				if (value.compareTo(cash) > 0) {
					throw ApiException.conflict("exceeds_drawer_cash", "The drawer should hold " + cash.toPlainString()
							+ " in cash; " + value.toPlainString() + " cannot be taken out",
							Map.of("drawer_cash", cash, "amount", value));
				}
			}
			var movement = Ids.next();
			store.insertMovement(movement, id, kind.name(), value, reasonText, user.id(), clock.instant());
			var payload = new LinkedHashMap<String, Object>();
			payload.put("session_id", id);
			payload.put("movement_id", movement);
			payload.put("amount", value);
			if (reasonText != null) {
				payload.put("reason", reasonText);
			}
			events.append(switch (kind) {
				case PAID_IN -> "till_session.paid_in";
				case PAID_OUT -> "till_session.paid_out";
				case DROP -> "till_session.cash_dropped";
				case NO_SALE -> "till_session.drawer_opened";
			}, "till_session", id, session.locationId(), payload);
			return store.find(id).orElseThrow();
		});
	}

	private TillSession lockVisible(UUID id, CurrentUser user) {
		return store.lock(id).filter(s -> user.mayUse(s.locationId()))
			.orElseThrow(() -> ApiException.notFound("Till session", id));
	}

	private static void requireOwnerOrManager(TillSession session, CurrentUser user) {
		if (!session.cashierId().equals(user.id()) && !user.hasAny(Role.ADMIN, Role.MANAGER)) {
			throw ApiException.forbidden("Session " + session.id() + " is another cashier's; only a MANAGER may act on it");
		}
	}

	private static ApiException notOpen(TillSession session) {
		return ApiException.conflict("till_session_not_open", "Session " + session.id() + " is " + session.state(),
				Map.of("state", session.state()));
	}

	// Closing

	public record Count(@Nullable String method, @Nullable BigDecimal amount,
			@Nullable List<TillSession.Denomination> denominations) {
	}

	/**
	 * The blind close: the counts per method are recorded, the session becomes CLOSING, and unless some
	 * method is off by more than the location's threshold it is CLOSED at once with its Z report. A method
	 * not counted counts as zero.
	 */
	public Closed close(UUID id, List<Count> given, CurrentUser user) {
		var counts = new ArrayList<TillSession.Count>();
		var seen = new java.util.HashSet<String>();
		for (int i = 0; i < given.size(); i++) {
			var count = given.get(i);
			var at = "counted[" + i + "]";
			if (count == null) {
				throw ApiException.invalid(at, "must not be null");
			}
			if (count.method() == null || !METHODS.contains(count.method())) {
				throw ApiException.invalid(at + ".method", "must be one of " + String.join(", ", METHODS));
			}
			if (!seen.add(count.method())) {
				throw ApiException.invalid(at + ".method", "is counted twice");
			}
			if (count.denominations() != null && !count.method().equals("CASH")) {
				throw ApiException.invalid(at + ".denominations", "only cash is counted by denomination");
			}
			var amount = amountOrCounted(count.amount(), count.denominations(), at + ".amount", at + ".denominations");
			counts.add(new TillSession.Count(count.method(), amount, count.denominations()));
		}
		return transactions.execute(tx -> {
			// the terminal's number blocks are handed back (by a listener, in this transaction) before the session
			// row is locked: a sale takes its block number before it claims the session, so both lock in that order
			store.find(id).filter(s -> user.mayUse(s.locationId()) && s.state() == TillState.OPEN)
				.ifPresent(s -> publisher.publishEvent(new TillSessionClosing(s.id(), s.terminalId(), user.id())));
			var session = lockVisible(id, user);
			requireOwnerOrManager(session, user);
			if (session.state() != TillState.OPEN) {
				throw notOpen(session);
			}
			var now = clock.instant();
			var report = report("X", session, counts, null, BigDecimal.ZERO, null, now);
			var settings = terminals.settings(session.locationId());
			var varianceTotal = BigDecimal.ZERO.setScale(scale());
			boolean review = false;
			for (var method : report.methods()) {
				var variance = method.variance() == null ? BigDecimal.ZERO : method.variance();
				varianceTotal = varianceTotal.add(variance);
				review |= variance.abs().compareTo(settings.varianceThreshold()) > 0;
			}
			store.counted(id, json.writeValueAsString(counts), varianceTotal, review, user.id(), now);
			events.append("till_session.counted", "till_session", id, session.locationId(),
					Map.of("session_id", id, "counted", counts, "variance_total", varianceTotal, "review_required", review));
			if (review) {
				return new Closed(store.find(id).orElseThrow(), null);
			}
			var z = finish(store.find(id).orElseThrow(), user, null, null, now);
			return new Closed(store.find(id).orElseThrow(), z);
		});
	}

	/** A session after a close: CLOSED with its Z report, or CLOSING awaiting a manager's acceptance. */
	public record Closed(TillSession session, @Nullable ZReport zReport) {
	}

	/** A MANAGER accepts the variance of a CLOSING session, with a note; it is CLOSED with its Z report. */
	public Closed acceptVariance(UUID id, String note, CurrentUser manager) {
		if (note.isBlank()) {
			throw ApiException.invalid("note", "must not be blank");
		}
		return transactions.execute(tx -> {
			var session = lockVisible(id, manager);
			if (session.state() != TillState.CLOSING) {
				throw ApiException.conflict("till_session_not_closing", "Session " + id + " is " + session.state()
						+ "; only a counted (CLOSING) session has a variance to accept", Map.of("state", session.state()));
			}
			var now = clock.instant();
			var z = finish(session, manager, manager.id(), note.strip(), now);
			return new Closed(store.find(id).orElseThrow(), z);
		});
	}

	/** A MANAGER sends a CLOSING session back to OPEN for a recount; a CLOSED one never reopens. */
	public TillSession reopen(UUID id, CurrentUser manager) {
		return transactions.execute(tx -> {
			var session = lockVisible(id, manager);
			if (session.state() != TillState.CLOSING) {
				throw ApiException.conflict("till_session_not_closing", "Session " + id + " is " + session.state()
						+ "; only a counted (CLOSING) session is reopened for a recount", Map.of("state", session.state()));
			}
			store.reopen(id);
			events.append("till_session.reopened", "till_session", id, session.locationId(), Map.of("session_id", id));
			return store.find(id).orElseThrow();
		});
	}

	/**
	 * Writes the Z report and closes the session, in the caller's transaction. The terminal's row is locked
	 * first, so that its Z numbers are taken one at a time: gapless, and each report chained to the one before.
	 */
	private ZReport finish(TillSession session, CurrentUser user, @Nullable UUID acceptedBy, @Nullable String note,
			Instant now) {
		if (terminalStore.lock(session.terminalId()).isEmpty()) {
			throw new IllegalStateException("the session's terminal " + session.terminalId() + " is gone");
		}
		var last = zReports.last(session.terminalId());
		var previousHash = last.hash() == null ? null : HexFormat.of().formatHex(last.hash());
		var x = report("Z", session, session.counted(), last.number() + 1, last.grandTotal(), previousHash, now);
		var report = new TillReport(x.kind(), x.number(), x.terminalId(), x.terminalCode(), x.terminalName(),
				x.locationId(), x.sessionId(), x.cashierId(), x.currency(), x.openedAt(), session.countedAt(), now,
				x.generatedAt(), x.openingFloat(), x.sales(), x.voids(), x.returns(), x.discounts(), x.priceOverrides(),
				x.noSales(), x.paidIn(), x.paidOut(), x.drops(), x.netSales(), x.methods(), x.taxes(), x.firstNumber(),
				x.lastNumber(), x.grandTotal(), session.varianceTotal(), acceptedBy, note, previousHash, x.lateVoids());
		var body = json.writeValueAsString(report);
		var hash = hash(last.hash(), body);
		var zId = Ids.next();
		long number = Objects.requireNonNull(report.number(), "a Z report is numbered");
		zReports.insert(zId, session.terminalId(), session.id(), number, report.grandTotal(), body, last.hash(), hash, now);
		if (!store.close(session.id(), user.id(), acceptedBy, note, now)) {
			throw new IllegalStateException("session " + session.id() + " changed while locked");
		}
		var payload = new LinkedHashMap<String, Object>();
		payload.put("id", zId);
		payload.put("session_id", session.id());
		payload.put("terminal_id", session.terminalId());
		payload.put("number", report.number());
		payload.put("grand_total", report.grandTotal());
		payload.put("net_sales", report.netSales());
		payload.put("variance_total", session.varianceTotal());
		payload.put("hash", HexFormat.of().formatHex(hash));
		events.append("till_session.closed", "till_session", session.id(), session.locationId(), payload);
		return zReports.bySession(session.id()).orElseThrow();
	}

	static byte[] hash(byte @Nullable [] previous, String body) {
		try {
			var digest = MessageDigest.getInstance("SHA-256");
			if (previous != null) {
				digest.update(previous);
			}
			return digest.digest(body.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// Reports

	private BigDecimal expectedCash(TillSession session) {
		var documents = store.documentSums(session.id());
		var movements = store.movementSums(session.id());
		return expectedCash(session, documents, movements);
	}

	private BigDecimal expectedCash(TillSession session, Map<String, TillSessionStore.DocumentSums> documents,
			Map<String, TillSessionStore.Sum> movements) {
		var cash = session.openingFloat();
		for (var sums : documents.values()) {
			cash = cash.add(sums.cash());
		}
		return cash.add(movement(movements, "PAID_IN").total())
			.subtract(movement(movements, "PAID_OUT").total())
			.subtract(movement(movements, "DROP").total())
			.setScale(scale());
	}

	private TillSessionStore.Sum movement(Map<String, TillSessionStore.Sum> sums, String kind) {
		return sums.getOrDefault(kind, new TillSessionStore.Sum(0, BigDecimal.ZERO.setScale(scale())));
	}

	private TillSessionStore.DocumentSums documents(Map<String, TillSessionStore.DocumentSums> sums, String kind) {
		var zero = BigDecimal.ZERO.setScale(scale());
		return sums.getOrDefault(kind, new TillSessionStore.DocumentSums(0, zero, zero, 0, zero, zero, zero, zero));
	}

	private static BigDecimal of(TillSessionStore.DocumentSums sums, String method) {
		return switch (method) {
			case "CASH" -> sums.cash();
			case "CARD" -> sums.card();
			case "UPI" -> sums.upi();
			default -> sums.other();
		};
	}

	/** The report of the session as it is now; counts, when given, are compared with what is expected. */
	private TillReport report(String kind, TillSession session, List<TillSession.Count> counts, @Nullable Long number,
			BigDecimal previousGrandTotal, @Nullable String previousHash, Instant now) {
		var terminal = terminalStore.find(session.terminalId()).orElseThrow();
		var documents = store.documentSums(session.id());
		var movements = store.movementSums(session.id());
		var sales = documents(documents, "SALE");
		var voids = documents(documents, "VOID");
		var returns = documents(documents, "RETURN");
		int scale = scale();
		var net = sales.total().add(voids.total()).add(returns.total()).setScale(scale);
		var methods = new ArrayList<TillReport.Method>();
		var counted = new LinkedHashMap<String, BigDecimal>();
		for (var count : counts) {
			counted.put(count.method(), count.amount());
		}
		for (var method : METHODS) {
			var sold = of(sales, method).setScale(scale);
			var refunded = of(voids, method).add(of(returns, method)).setScale(scale);
			var methodNet = sold.add(refunded);
			var expected = method.equals("CASH") ? expectedCash(session, documents, movements) : methodNet;
			var given = counts.isEmpty() ? null : counted.getOrDefault(method, BigDecimal.ZERO.setScale(scale));
			methods.add(new TillReport.Method(method, sold, refunded, methodNet, expected, given,
					given == null ? null : given.subtract(expected)));
		}
		var numbers = store.firstAndLast(session.id());
		return new TillReport(kind, number, terminal.id(), terminal.code(), terminal.name(), session.locationId(),
				session.id(), session.cashierId(), currency(), session.openedAt(), session.countedAt(), session.closedAt(),
				now, session.openingFloat(), new TillReport.Figure(sales.count(), sales.total().setScale(scale)),
				new TillReport.Figure(voids.count(), voids.total().setScale(scale)),
				new TillReport.Figure(returns.count(), returns.total().setScale(scale)),
				sales.discounts().add(voids.discounts()).setScale(scale), sales.priceOverrides(),
				movement(movements, "NO_SALE").count(), figure(movement(movements, "PAID_IN"), scale),
				figure(movement(movements, "PAID_OUT"), scale), figure(movement(movements, "DROP"), scale), net, methods,
				store.taxes(session.id()), numbers.isEmpty() ? null : numbers.getFirst(),
				numbers.isEmpty() ? null : numbers.getLast(), previousGrandTotal.add(net).setScale(scale),
				session.varianceTotal(), session.varianceAcceptedBy(), session.varianceNote(), previousHash,
				store.lateVoids(session.id()));
	}

	private static TillReport.Figure figure(TillSessionStore.Sum sum, int scale) {
		return new TillReport.Figure(sum.count(), sum.total().setScale(scale));
	}

	/**
	 * The X report: the session now, changing nothing. Its grand total includes the terminal's Z reports so
	 * far. A cashier is not shown what the drawer should hold (the close is blind); a MANAGER is.
	 */
	public TillReport xReport(UUID id, CurrentUser user) {
		var session = get(id, user);
		requireOwnerOrManager(session, user);
		var last = zReports.last(session.terminalId());
		var report = report("X", session, session.counted(), null, last.grandTotal(), null, clock.instant());
		if (user.hasAny(Role.ADMIN, Role.MANAGER)) {
			return report;
		}
		var blind = report.methods().stream()
			.map(m -> new TillReport.Method(m.method(), m.sales(), m.refunds(), m.net(), null, m.counted(), null))
			.toList();
		return new TillReport(report.kind(), null, report.terminalId(), report.terminalCode(), report.terminalName(),
				report.locationId(), report.sessionId(), report.cashierId(), report.currency(), report.openedAt(),
				report.countedAt(), report.closedAt(), report.generatedAt(), report.openingFloat(), report.sales(),
				report.voids(), report.returns(), report.discounts(), report.priceOverrides(), report.noSales(),
				report.paidIn(), report.paidOut(), report.drops(), report.netSales(), blind, report.taxes(),
				report.firstNumber(), report.lastNumber(), report.grandTotal(), null, null, null, null, report.lateVoids());
	}

	/** The session's Z report; 404 until it is closed. */
	public ZReport zReport(UUID id, CurrentUser user) {
		var session = get(id, user);
		requireOwnerOrManager(session, user);
		return zReports.bySession(id).orElseThrow(() -> ApiException.notFound("Z report of session", id));
	}

	public Page<ZReport> zReports(UUID terminalId, @Nullable String cursor, @Nullable Integer limit, CurrentUser user) {
		terminals.get(terminalId, user);
		int size = Page.limit(limit);
		long after = 0;
		var decoded = Page.decode(cursor);
		if (decoded != null) {
			try {
				after = Long.parseLong(decoded);
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalid("cursor", "is not a cursor of this list");
			}
		}
		return Page.of(zReports.ofTerminal(terminalId, after, size + 1), size, z -> Long.toString(z.number()));
	}

	/**
	 * The result of the chain check of a terminal's Z reports.
	 *
	 * @param firstBroken the number of the first report whose hash, link or number does not hold; null when all do
	 */
	public record Verification(UUID terminalId, long checked, @Nullable Long firstBroken, @Nullable String problem) {
	}

	/** Recomputes every Z report's hash of the terminal, in number order, and names the first that does not hold. */
	public Verification verify(UUID terminalId, CurrentUser user) {
		terminals.get(terminalId, user);
		byte[] previous = null;
		long expected = 1;
		long checked = 0;
		for (var raw : zReports.raw(terminalId)) {
			checked++;
			if (raw.number() != expected) {
				return new Verification(terminalId, checked, raw.number(), "number " + expected + " is missing");
			}
			if (!java.util.Arrays.equals(previous, raw.previousHash())) {
				return new Verification(terminalId, checked, raw.number(), "its previous hash is not the hash of Z "
						+ (raw.number() - 1));
			}
			if (!java.util.Arrays.equals(hash(previous, raw.body()), raw.hash())) {
				return new Verification(terminalId, checked, raw.number(), "its content does not match its hash");
			}
			previous = raw.hash();
			expected++;
		}
		return new Verification(terminalId, checked, null, null);
	}

	// Reading

	public record Filter(@Nullable Set<UUID> only, @Nullable UUID terminalId, @Nullable UUID locationId,
			@Nullable UUID cashierId, @Nullable TillState state, @Nullable Instant from, @Nullable Instant to) {
	}

	public TillSession get(UUID id, CurrentUser user) {
		return store.find(id).filter(s -> user.mayUse(s.locationId()))
			.orElseThrow(() -> ApiException.notFound("Till session", id));
	}

	public Page<TillSession> list(Filter filter, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		if (filter.from() != null && filter.to() != null && filter.from().isAfter(filter.to())) {
			throw ApiException.invalid("from", "is after to");
		}
		return Page.of(store.page(filter, Page.decodeId(cursor), size + 1), size, s -> s.id().toString());
	}

	public List<Map<String, Object>> varianceReport(@Nullable UUID locationId, Instant from, Instant to,
			CurrentUser user) {
		if (locationId != null && !user.mayUse(locationId)) {
			throw ApiException.notFound("Location", locationId);
		}
		return store.variances(user.locations(), locationId, from, to);
	}

	public List<Map<String, Object>> salesBySession(@Nullable UUID locationId, @Nullable UUID terminalId, Instant from,
			Instant to, CurrentUser user) {
		if (locationId != null && !user.mayUse(locationId)) {
			throw ApiException.notFound("Location", locationId);
		}
		return store.salesBySession(user.locations(), locationId, terminalId, from, to);
	}

	// For the sales module

	/**
	 * A sale's claim of its terminal's session, joined into the sale's statement: {@code before} comes before
	 * the sale's part, {@code condition} must hold for the sale to be written, {@code after} comes after it.
	 */
	public record Claim(@Nullable UUID sessionId, List<SqlPart> before, String condition, List<SqlPart> after,
			@Nullable UUID lateSessionId) {

		public static final Claim NONE = new Claim(null, List.of(), "true", List.of(), null);

		/** Whether the sale goes to the late arrivals of a closed session ({@link #lateSessionId}). */
		public boolean late() {
			return lateSessionId != null;
		}
	}

	/**
	 * Checks that a sale (or an order's invoice) may be made at the terminal, and answers the parts that tie
	 * it to the terminal's OPEN session: 400 naming {@code field} for an unknown terminal or one of another
	 * location, 409 {@code terminal_inactive}, {@code till_session_required} when the location requires a
	 * session and none is open, {@code till_session_closing} while it is counted, {@code till_session_expired}
	 * once open longer than allowed. Must be called inside the sale's transaction.
	 */
	public Claim claim(UUID terminalId, UUID locationId, TillSale sale, String field, CurrentUser cashier) {
		var terminal = terminals.named(terminalId, field, cashier);
		if (!terminal.locationId().equals(locationId)) {
			throw ApiException.invalid(field, "is a terminal of another location than the sale's");
		}
		if (!terminal.active()) {
			throw ApiException.conflict("terminal_inactive", "Terminal " + terminal.code() + " is deactivated");
		}
		var settings = terminals.settings(locationId);
		var session = store.current(terminalId).orElse(null);
		if (session == null) {
			if (settings.sessionRequired()) {
				throw ApiException.conflict("till_session_required", "Terminal " + terminal.code()
						+ " has no open session; open one (POST /api/v1/till-sessions) before selling",
						Map.of("terminal_id", terminalId));
			}
			return Claim.NONE;
		}
		if (session.state() != TillState.OPEN) {
			throw ApiException.conflict("till_session_closing", "The session " + session.id() + " of terminal "
					+ terminal.code() + " is being closed; it takes no more sales", Map.of("session_id", session.id()));
		}
		requireOwnSession(session.id(), session.cashierId(), terminal, settings, cashier);
		var age = Duration.between(session.openedAt(), clock.instant());
		if (age.toMinutes() >= settings.maxOpenMinutes()) {
			throw ApiException.conflict("till_session_expired", "The session " + session.id() + " has been open for "
					+ age.toHours() + " h, longer than the " + settings.maxOpenMinutes()
					+ " minutes allowed; close it before the terminal sells again", Map.of("session_id", session.id()));
		}
		return new Claim(session.id(), List.of(store.open(session.id())), "EXISTS (SELECT 1 FROM till_open)",
				List.of(store.claimed(terminalId, sale, clock.instant())), null);
	}

	/**
	 * The claim of a sale made offline at {@code madeAt}: it belongs to the session the till names, or else to
	 * the terminal's session opened last before it was made (or, when none, within {@code clockSkew} after).
	 * Still OPEN: claimed as any sale, however long the
	 * session has been open. CLOSED meanwhile: not refused; it goes to that session's late arrivals, and the Z
	 * report stays as written. 422 naming {@code session_id} for a session not of this terminal or opened after
	 * the sale was made; 409 {@code till_session_closing} while the session is counted (post again once it is
	 * closed or reopened); 409 {@code till_session_required} when the location requires a session and the
	 * terminal had none. Must be called inside the sale's transaction.
	 */
	public Claim claimOffline(UUID terminalId, UUID locationId, TillSale sale, @Nullable UUID sessionId, Instant madeAt,
			Duration clockSkew, boolean numberWasCancelled, CurrentUser cashier) {
		var terminal = terminals.named(terminalId, "terminal_id", cashier);
		if (!terminal.locationId().equals(locationId)) {
			throw ApiException.invalid("terminal_id", "is a terminal of another location than the sale's");
		}
		TillSession session;
		if (sessionId != null) {
			session = store.find(sessionId).filter(s -> s.terminalId().equals(terminalId)).orElseThrow(
					() -> ApiException.unprocessable("unknown_session", "Session " + sessionId + " is not a session of terminal "
							+ terminal.code(), "session_id"));
			if (session.openedAt().isAfter(madeAt.plus(clockSkew))) {
				throw ApiException.unprocessable("made_before_session", "The sale was made at " + madeAt
						+ ", before session " + sessionId + " opened at " + session.openedAt(), "made_at");
			}
		}
		else {
			// a till's clock a little behind the server's puts a sale made just after the open before it
			session = store.openedBefore(terminalId, madeAt).or(() -> store.openedBefore(terminalId, madeAt.plus(clockSkew)))
				.orElse(null);
		}
		if (session == null) {
			if (terminals.settings(locationId).sessionRequired()) {
				throw ApiException.conflict("till_session_required", "Terminal " + terminal.code()
						+ " had no session when the sale was made (" + madeAt + ")", Map.of("terminal_id", terminalId));
			}
			return Claim.NONE;
		}
		return switch (session.state()) {
			case OPEN -> new Claim(session.id(), List.of(store.open(session.id())), "EXISTS (SELECT 1 FROM till_open)",
					List.of(store.claimed(terminalId, sale, clock.instant())), null);
			case CLOSING -> throw ApiException.conflict("till_session_closing", "The session " + session.id()
					+ " is being counted; a sale made in it is recorded once it is closed or reopened: post it again then",
					Map.of("session_id", session.id()));
			case CLOSED -> new Claim(null, List.of(), "true",
					List.of(store.late(session.id(), terminalId, sale, madeAt, numberWasCancelled, clock.instant())),
					session.id());
		};
	}

	/**
	 * The supplementary report of a session: the sales that arrived after it was closed, with their totals per
	 * method and tax rate. Empty for a session that is not closed or had none. Its cashier or a MANAGER reads it.
	 */
	public LateArrivals lateArrivals(UUID id, CurrentUser user) {
		var session = get(id, user);
		requireOwnerOrManager(session, user);
		var arrivals = store.lateArrivals(id);
		int scale = scale();
		var total = BigDecimal.ZERO.setScale(scale);
		var methods = new ArrayList<LateArrivals.MethodTotal>();
		for (var method : METHODS) {
			var sum = BigDecimal.ZERO.setScale(scale);
			for (var arrival : arrivals) {
				sum = sum.add(arrival.byMethod().getOrDefault(method, BigDecimal.ZERO));
			}
			methods.add(new LateArrivals.MethodTotal(method, sum.setScale(scale)));
		}
		for (var arrival : arrivals) {
			total = total.add(arrival.total());
		}
		return new LateArrivals(id, session.terminalId(), session.zReportNumber(), currency(), arrivals.size(),
				total.setScale(scale), methods, store.lateTaxes(id), arrivals);
	}

	/** Why a sale's claim found no OPEN session after the sale's statement was rolled back. */
	public java.util.Optional<ApiException> whyNotClaimed(UUID sessionId) {
		var session = store.find(sessionId);
		if (session.isPresent() && session.get().state() == TillState.OPEN) {
			return java.util.Optional.empty();
		}
		return java.util.Optional.of(ApiException.conflict("till_session_closed", "The session " + sessionId + " was "
				+ session.map(s -> s.state().name()).orElse("closed")
				+ " while the sale was recorded; the sale was not made. Open a new session and post it again",
				Map.of("session_id", sessionId)));
	}

	/**
	 * A cashier sells and refunds only on their own session, unless the location shares sessions; a MANAGER or
	 * ADMIN may step in on any. 409 {@code till_session_of_another_cashier} otherwise.
	 */
	private static void requireOwnSession(UUID sessionId, UUID sessionCashier, Terminal terminal, TillSettings settings,
			CurrentUser user) {
		if (!sessionCashier.equals(user.id()) && !settings.sharedSessions() && !user.hasAny(Role.ADMIN, Role.MANAGER)) {
			throw ApiException.conflict("till_session_of_another_cashier", "The open session on terminal "
					+ terminal.code() + " is another cashier's; open your own session on your terminal (a manager may "
					+ "let cashiers share sessions in the till settings)", Map.of("session_id", sessionId,
							"terminal_id", terminal.id()));
		}
	}

	/** Whether the location's refunds and voids must go through a till session: it requires them and has a terminal in use. */
	private boolean requiresSessions(UUID locationId) {
		return terminals.settings(locationId).sessionRequired() && terminalStore.anyActive(locationId);
	}

	/**
	 * Records a refund in a session, inside the return's transaction. Paid at a named terminal: its OPEN session
	 * (400 naming {@code terminal_id} for an unknown terminal or one of another location; 409
	 * {@code till_session_of_another_cashier} for a cashier on another's session). Naming no terminal: the
	 * user's own OPEN session at the location (400 naming {@code terminal_id} when they hold several). 409
	 * {@code till_session_required} when no session takes it and the location requires sessions (it requires
	 * them and has terminals); otherwise the refund is in no session.
	 */
	public void recordRefund(@Nullable UUID terminalId, UUID locationId, TillSale refund, String number, CurrentUser user) {
		if (terminalId == null) {
			var own = store.shareOpenOf(user.id(), locationId);
			if (own.size() > 1) {
				throw ApiException.invalid("terminal_id", "is required: you hold " + own.size()
						+ " open sessions at this location; name the terminal the refund is paid at");
			}
			if (own.size() == 1) {
				store.insertDocument(own.getFirst(), refund, number, null, clock.instant());
			}
			else if (requiresSessions(locationId)) {
				throw ApiException.conflict("till_session_required", "A refund at this location is paid from a till: "
						+ "name its terminal_id, or open a session of your own first", Map.of("location_id", locationId));
			}
			return;
		}
		var terminal = terminals.named(terminalId, "terminal_id", user);
		if (!terminal.locationId().equals(locationId)) {
			throw ApiException.invalid("terminal_id", "is a terminal of another location than the sale's");
		}
		var session = store.shareOpen(terminalId);
		if (session.isEmpty()) {
			if (terminals.settings(locationId).sessionRequired()) {
				throw ApiException.conflict("till_session_required", "Terminal " + terminal.code()
						+ " has no open session; a refund paid there needs one", Map.of("terminal_id", terminalId));
			}
			return;
		}
		requireOwnSession(session.get().id(), session.get().cashierId(), terminal, terminals.settings(locationId), user);
		store.insertDocument(session.get(), refund, number, null, clock.instant());
	}

	/**
	 * Records the void of a sale made at a terminal in the session open at the time of the void, inside the
	 * void's transaction: the terminal's OPEN session, else the voiding user's own OPEN session at the location.
	 * The row names the session the sale was made in, so the Z report of the day of the void lists a void of a
	 * sale whose session was closed before ({@link TillReport#lateVoids()}). 409 {@code till_session_required}
	 * when neither is open and the location requires sessions; 409 {@code till_session_of_another_cashier}
	 * for a cashier voiding on another cashier's session.
	 */
	public void recordVoid(UUID saleTerminalId, UUID locationId, TillSale voided, String number, CurrentUser user) {
		var saleSession = store.sessionOf(voided.documentId()).orElse(null);
		var settings = terminals.settings(locationId);
		var session = store.shareOpen(saleTerminalId).orElse(null);
		if (session != null) {
			requireOwnSession(session.id(), session.cashierId(), terminalStore.find(saleTerminalId).orElseThrow(),
					settings, user);
		}
		else {
			var own = store.shareOpenOf(user.id(), locationId);
			session = own.isEmpty() ? null : own.getFirst();
		}
		if (session == null) {
			if (requiresSessions(locationId)) {
				throw ApiException.conflict("till_session_required", "The sale's terminal has no open session and you "
						+ "hold none at this location; the void's cash goes out of a drawer, so open a session first",
						Map.of("terminal_id", saleTerminalId));
			}
			return;
		}
		store.insertDocument(session, voided, number, saleSession, clock.instant());
	}
}
