package dev.kassa.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

/**
 * The event log over HTTP: the sealed log in order, one aggregate's audit trail, verification of the hash
 * chain, and the live stream as Server-Sent Events. Users limited to some locations see the events of
 * those locations and the events that belong to no location (users, catalog, settings).
 */
@RestController
@Tag(name = "Events")
class EventController {

	private static final Pattern TYPE = Pattern.compile("[a-z0-9_.]{1,100}");

	private static final Pattern AGGREGATE_TYPE = Pattern.compile("[a-z0-9_]{1,64}");

	private final EventStore store;

	private final EventVerifier verifier;

	private final LiveHub hub;

	private final EventSettings settings;

	private final LiveConnections connections;

	EventController(EventStore store, EventVerifier verifier, LiveHub hub, EventSettings settings,
			LiveConnections connections) {
		this.connections = connections;
		this.store = store;
		this.verifier = verifier;
		this.hub = hub;
		this.settings = settings;
	}

	@GetMapping("/api/v1/events")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Sealed events in log order (seq), after a seq; filter by types and location")
	Page<StoredEvent> list(@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String types,
			@RequestParam(required = false) @Nullable UUID location,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		int size = Page.limit(limit);
		long from = position(after, cursor);
		if (location != null) {
			user.requireLocation(location);
		}
		var rows = store.list(from, types(types), location, user.locations(), size + 1);
		return Page.of(rows, size, event -> Long.toString(event.seq()));
	}

	@GetMapping("/api/v1/events/history/{aggregateType}/{aggregateId}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The audit trail of one sale, product, customer or other aggregate, oldest first")
	Page<StoredEvent> history(@PathVariable String aggregateType, @PathVariable UUID aggregateId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		if (!AGGREGATE_TYPE.matcher(aggregateType).matches()) {
			throw ApiException.invalid("aggregate_type", "must be 1 to 64 lower-case letters, digits or _");
		}
		int size = Page.limit(limit);
		long from = position(null, cursor);
		var rows = store.history(aggregateType, aggregateId, from, user.locations(), size + 1);
		if (rows.isEmpty() && from == 0) {
			throw ApiException.notFound(aggregateType, aggregateId);
		}
		return Page.of(rows, size, event -> Long.toString(event.seq()));
	}

	@PostMapping("/api/v1/events/verify")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Recompute the hash chain and name the first broken record, if any")
	EventVerifier.Verification verify() {
		return verifier.verify();
	}

	@GetMapping(path = "/api/v1/events/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Live events as Server-Sent Events; resume with Last-Event-ID (or after=) and topics=")
	SseEmitter stream(@RequestParam(required = false) @Nullable String topics,
			@RequestParam(required = false) @Nullable String after,
			@RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId, CurrentUser user) {
		var followed = LiveRequests.topics(topics, user);
		var resumeFrom = lastEventId != null && !lastEventId.isBlank() ? LiveRequests.after(lastEventId, "Last-Event-ID")
				: LiveRequests.after(after, "after");
		var expiresAt = SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token
				&& token.getToken().getExpiresAt() != null ? token.getToken().getExpiresAt() : java.time.Instant.MAX;
		if (!connections.open(user.id())) {
			throw new dev.kassa.platform.RateLimited(
					"At most " + connections.max() + " live connections per user; close one first", 5);
		}
		var released = new java.util.concurrent.atomic.AtomicBoolean();
		Runnable end = () -> {
			if (released.compareAndSet(false, true)) {
				connections.close(user.id());
			}
		};
		var emitter = new SseEmitter(0L);
		var sink = new SseSink(emitter);
		var subscription = new Subscription(hub, store, settings, user, followed, resumeFrom, expiresAt, sink);
		emitter.onCompletion(() -> {
			subscription.stop();
			end.run();
		});
		emitter.onTimeout(() -> {
			subscription.stop();
			end.run();
		});
		emitter.onError(error -> {
			subscription.stop();
			end.run();
		});
		subscription.start();
		return emitter;
	}

	/**
	 * Writes to an SSE stream: each event with {@code id:} its seq, heartbeats as comments. A client too slow
	 * gets a last {@code overflow} event and the stream ends; it reconnects with Last-Event-ID.
	 */
	private record SseSink(SseEmitter emitter) implements Subscription.Sink {

		@Override
		public void subscribed(long after) throws IOException {
			emitter.send(SseEmitter.event().name("subscribed").data("{\"after\":" + after + "}"));
		}

		@Override
		public void event(LiveHub.LiveEvent event) throws IOException {
			emitter.send(SseEmitter.event().id(Long.toString(event.event().seq())).data(event.json()));
		}

		/** Each event was flushed as it was sent. */
		@Override
		public void flush() {
		}

		@Override
		public void heartbeat() throws IOException {
			emitter.send(SseEmitter.event().comment("ping"));
		}

		@Override
		public boolean idle() {
			return false;
		}

		@Override
		public void close(Subscription.Ending ending) {
			try {
				switch (ending) {
					case TOO_SLOW -> emitter.send(SseEmitter.event().name("overflow")
						.data("{\"code\":\"too_slow\",\"detail\":\"too slow, resume from your last seq\"}"));
					case TOKEN_EXPIRED -> emitter.send(SseEmitter.event().name("expired")
						.data("{\"code\":\"token_expired\",\"detail\":\"reconnect with a fresh token and resume\"}"));
					default -> {
					}
				}
			}
			catch (IOException | IllegalStateException ex) {
				// the client is gone already
			}
			try {
				emitter.complete();
			}
			catch (IllegalStateException ex) {
				// the container already ended the request after an I/O error; there is nothing left to complete
			}
		}
	}

	private static long position(@Nullable String after, @Nullable String cursor) {
		if (after != null && cursor != null) {
			throw ApiException.invalid("cursor", "give either after or cursor, not both");
		}
		if (cursor != null) {
			var key = Page.decode(cursor);
			try {
				return key == null ? 0 : Long.parseLong(key);
			}
			catch (NumberFormatException ex) {
				throw ApiException.invalid("cursor", "is not a cursor this API gave out");
			}
		}
		var from = LiveRequests.after(after, "after");
		return from == null ? 0 : from;
	}

	private static List<String> types(@Nullable String types) {
		if (types == null || types.isBlank()) {
			return List.of();
		}
		var list = new ArrayList<String>();
		for (var type : types.split(",", -1)) {
			var name = type.trim();
			if (!TYPE.matcher(name).matches()) {
				throw ApiException.invalid("types", "each type is 1 to 100 of a-z, 0-9, '_' and '.', e.g. sale.completed");
			}
			list.add(name);
		}
		if (list.size() > 50) {
			throw ApiException.invalid("types", "at most 50 types");
		}
		return list;
	}

}
