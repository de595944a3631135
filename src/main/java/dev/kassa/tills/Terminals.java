package dev.kassa.tills;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.organization.LocationReferences;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;

/**
 * Terminals (tills) of the locations, and each location's till settings. A terminal is never deleted
 * while it has sessions: it is deactivated, and its sessions and Z reports stay readable.
 */
@Service
public class Terminals {

	private final TerminalStore store;

	private final Locations locations;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final TillDefaults defaults;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Terminals(TerminalStore store, Locations locations, EventLog events, TransactionTemplate transactions,
			TillDefaults defaults) {
		this.store = store;
		this.locations = locations;
		this.events = events;
		this.transactions = transactions;
		this.defaults = defaults;
	}

	/** @param paperWidth 58 or 80; 80 when absent */
	public record NewTerminal(UUID locationId, String code, String name, @Nullable Integer paperWidth) {
	}

	public Terminal create(NewTerminal request, CurrentUser user) {
		if (!user.mayUse(request.locationId())) {
			throw ApiException.invalid("location_id", "names no location you may use");
		}
		var location = locations.getOrInvalid(request.locationId(), "location_id");
		if (!location.active()) {
			throw ApiException.conflict("location_inactive", "The location " + location.code() + " is deactivated");
		}
		var code = request.code().strip().toUpperCase(java.util.Locale.ROOT);
		if (!code.matches("[A-Z0-9-]{1,16}")) {
			throw ApiException.invalid("code", "must be 1 to 16 letters, digits or hyphens");
		}
		int width = width(request.paperWidth());
		var now = clock.instant();
		var terminal = new Terminal(Ids.next(), location.id(), code, request.name().strip(), true, width, now, now);
		return transactions.execute(tx -> {
			if (!store.insert(terminal)) {
				throw ApiException.conflict("terminal_code_taken",
						"The location " + location.code() + " has a terminal " + code + " already",
						Map.of("terminal_code", code));
			}
			events.append("terminal.created", "terminal", terminal.id(), terminal.locationId(), terminal);
			return terminal;
		});
	}

	private static int width(@Nullable Integer paperWidth) {
		int width = paperWidth == null ? 80 : paperWidth;
		if (width != 58 && width != 80) {
			throw ApiException.invalid("paper_width", "must be 58 or 80");
		}
		return width;
	}

	/** The terminal if the user may see its location; 404 otherwise. */
	public Terminal get(UUID id, CurrentUser user) {
		return store.find(id)
			.filter(t -> user.mayUse(t.locationId()))
			.orElseThrow(() -> ApiException.notFound("Terminal", id));
	}

	/** The terminal, for a document of a sale the caller may already see (its receipt prints the terminal's code). */
	public java.util.Optional<Terminal> find(UUID id) {
		return store.find(id);
	}

	/** A terminal named in a request's field, or a 400 naming the field. */
	Terminal named(UUID id, String field, CurrentUser user) {
		return store.find(id)
			.filter(t -> user.mayUse(t.locationId()))
			.orElseThrow(() -> ApiException.invalid(field, "names no terminal you may use"));
	}

	public Page<Terminal> list(@Nullable UUID locationId, @Nullable Boolean active, @Nullable String cursor,
			@Nullable Integer limit, CurrentUser user) {
		int size = Page.limit(limit);
		return Page.of(store.page(Page.decodeId(cursor), size + 1, user.locations(), locationId, active), size,
				t -> t.id().toString());
	}

	public Terminal update(UUID id, String name, @Nullable Integer paperWidth, CurrentUser user) {
		int width = width(paperWidth);
		return transactions.execute(tx -> {
			var terminal = store.lock(id).filter(t -> user.mayUse(t.locationId()))
				.orElseThrow(() -> ApiException.notFound("Terminal", id));
			store.update(id, name.strip(), width, clock.instant());
			var changed = store.find(id).orElseThrow();
			events.append("terminal.updated", "terminal", id, terminal.locationId(), changed);
			return changed;
		});
	}

	public Terminal setActive(UUID id, boolean active, CurrentUser user) {
		return transactions.execute(tx -> {
			var terminal = store.lock(id).filter(t -> user.mayUse(t.locationId()))
				.orElseThrow(() -> ApiException.notFound("Terminal", id));
			if (terminal.active() == active) {
				return terminal;
			}
			store.setActive(id, active, clock.instant());
			var changed = store.find(id).orElseThrow();
			events.append(active ? "terminal.activated" : "terminal.deactivated", "terminal", id, terminal.locationId(),
					changed);
			return changed;
		});
	}

	/**
	 * Deletes a terminal that never had a session (it is kept, marked deleted, and its code is free again);
	 * 409 {@code terminal_has_sessions} otherwise: deactivate it instead.
	 */
	public void delete(UUID id, CurrentUser user) {
		transactions.executeWithoutResult(tx -> {
			var terminal = store.lock(id).filter(t -> user.mayUse(t.locationId()))
				.orElseThrow(() -> ApiException.notFound("Terminal", id));
			long sessions = store.sessions(id);
			if (sessions > 0) {
				throw ApiException.conflict("terminal_has_sessions", "Terminal " + terminal.code() + " has " + sessions
						+ " session(s) and stays in history; deactivate it instead", Map.of("sessions", sessions));
			}
			store.markDeleted(id, clock.instant());
			events.append("terminal.deleted", "terminal", id, terminal.locationId(), Map.of("id", id, "code", terminal.code()));
		});
	}

	// Settings

	/** The location's till settings: what a manager set, else the defaults. */
	public TillSettings settings(UUID locationId) {
		return store.settings(locationId).orElseGet(() -> new TillSettings(locationId, defaults.sessionRequired(),
				(int) Math.min(10080, Math.max(1, defaults.maxOpen().toMinutes())), defaults.paidOutManagerAbove(),
				defaults.varianceThreshold(), defaults.cashierManySessions(), defaults.sharedSessions(), false));
	}

	public TillSettings settings(UUID locationId, CurrentUser user) {
		if (!user.mayUse(locationId)) {
			throw ApiException.notFound("Location", locationId);
		}
		locations.get(locationId);
		return settings(locationId);
	}

	public record SettingsChange(boolean sessionRequired, int maxOpenMinutes, BigDecimal paidOutManagerAbove,
			BigDecimal varianceThreshold, boolean cashierManySessions, boolean sharedSessions) {
	}

	public TillSettings putSettings(UUID locationId, SettingsChange change, CurrentUser user) {
		if (!user.mayUse(locationId)) {
			throw ApiException.notFound("Location", locationId);
		}
		locations.get(locationId);
		var settings = new TillSettings(locationId, change.sessionRequired(), change.maxOpenMinutes(),
				change.paidOutManagerAbove(), change.varianceThreshold(), change.cashierManySessions(),
				change.sharedSessions(), true);
		return transactions.execute(tx -> {
			store.putSettings(settings, clock.instant());
			events.append("till_settings.changed", "till_settings", locationId, locationId, settings);
			return settings;
		});
	}

	/** Locations that have terminals are not deleted. */
	@org.springframework.stereotype.Component
	static class TerminalReferences implements LocationReferences {

		private final TerminalStore store;

		TerminalReferences(TerminalStore store) {
			this.store = store;
		}

		@Override
		public String what() {
			return "terminals";
		}

		@Override
		public long count(UUID locationId) {
			return store.ofLocation(locationId);
		}
	}
}
