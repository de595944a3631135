package dev.kassa.notifications;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

import dev.kassa.events.EventFeed;
import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;

/**
 * Webhook endpoints, managed by ADMINs. A new endpoint receives the events sealed after its creation whose
 * type it asks for, in log order, signed with its secret (see {@link WebhookDispatcher}). Events
 * ({@code webhook} aggregate, never themselves delivered): {@code webhook.created}, {@code webhook.updated},
 * {@code webhook.secret_rotated}, {@code webhook.deleted}, {@code webhook.disabled}. Their payloads carry the
 * endpoint's origin, never its full URL (which may hold a token) nor its secret.
 */
@Service
class Webhooks {

	private final WebhookStore store;

	private final WebhookDispatcher dispatcher;

	private final EventFeed feed;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final NotificationSettings settings;

	private final WebhookSecrets secrets;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Webhooks(WebhookStore store, WebhookDispatcher dispatcher, EventFeed feed, EventLog events,
			TransactionTemplate transactions, Idempotency idempotency, NotificationSettings settings,
			WebhookSecrets secrets) {
		this.store = store;
		this.secrets = secrets;
		this.dispatcher = dispatcher;
		this.feed = feed;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
		this.settings = settings;
	}

	/**
	 * A new endpoint.
	 *
	 * @param eventTypes {@code *}, {@code sale.*} or exact types such as {@code sale.completed}
	 * @param active false to create it paused; true when absent
	 */
	public record WebhookInput(@NotBlank @Size(max = 2000) String url, @Size(max = 500) @Nullable String description,
			@NotNull @Size(min = 1, max = 50) List<@NotBlank @Size(max = 100) String> eventTypes,
			@Nullable Boolean active) {
	}

	/** A change to an endpoint; absent fields are left as they are. */
	public record WebhookPatch(@Size(min = 1, max = 2000) @Nullable String url,
			@Size(max = 500) @Nullable String description,
			@Size(min = 1, max = 50) @Nullable List<@NotBlank @Size(max = 100) String> eventTypes,
			@Nullable Boolean active) {
	}

	public Idempotency.Response create(WebhookInput input, @Nullable String idempotencyKey) {
		var url = WebhookAddresses.checked(input.url(), settings.webhooks()).toString();
		var types = checkedTypes(input.eventTypes());
		var description = blankToNull(input.description());
		var response = idempotency.run("webhook:create:" + CurrentUser.currentId(), idempotencyKey, input,
				HttpStatus.CREATED, () -> {
					var now = clock.instant();
					var secret = WebhookSignature.newSecret();
					boolean active = input.active() == null || input.active();
					// only what is sealed from now on: an endpoint does not receive the shop's whole history
					var webhook = new Webhook(Ids.next(), url, description, types, active, null, feed.lastPosition(), 0,
							active ? now : null, now, now, null);
					var stored = store.insert(webhook, secret, CurrentUser.currentId());
					events.append("webhook.created", "webhook", webhook.id(), null, describe(webhook));
					// the answer kept for a repeat holds the secret as the endpoint does: sealed when a key is set
					return webhook.withSecret(stored);
				});
		return withSecretOpened(response);
	}

	/** The create answer, first or repeated, with the secret the idempotency record keeps sealed opened. */
	private Idempotency.Response withSecretOpened(Idempotency.Response response) {
		if (!(response.body() instanceof ObjectNode body) || !body.path("secret").isString()) {
			return response;
		}
		var id = UUID.fromString(body.path("id").asString());
		try {
			body.put("secret", secrets.open(id, body.path("secret").asString()));
		}
		catch (WebhookSecrets.Unreadable ex) {
			throw ApiException.conflict("webhook_secret_unreadable", "The endpoint " + id + " was created by this "
					+ "request, but its secret no longer opens (" + ex.getMessage() + "); rotate its secret");
		}
		return response;
	}

	public Webhook get(UUID id) {
		return store.find(id).orElseThrow(() -> ApiException.notFound("Webhook", id));
	}

	public Page<Webhook> list(@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(store.page(Page.decodeId(cursor), size + 1), size, w -> w.id().toString());
	}

	/** Changes an endpoint. Re-activating a disabled one resumes delivery from where it stopped. */
	public Webhook update(UUID id, WebhookPatch patch) {
		var url = patch.url() == null ? null : WebhookAddresses.checked(patch.url(), settings.webhooks()).toString();
		var types = patch.eventTypes() == null ? null : checkedTypes(patch.eventTypes());
		return transactions.execute(tx -> {
			var current = store.lock(id).orElseThrow(() -> ApiException.notFound("Webhook", id));
			boolean active = patch.active() == null ? current.active() : patch.active();
			var description = patch.description() == null ? current.description() : blankToNull(patch.description());
			store.update(id, url == null ? current.url() : url, description,
					types == null ? current.eventTypes() : types, active, active && !current.active(), clock.instant());
			var changed = get(id);
			events.append("webhook.updated", "webhook", id, null, describe(changed));
			return changed;
		});
	}

	public void delete(UUID id) {
		transactions.executeWithoutResult(tx -> {
			var current = store.lock(id).orElseThrow(() -> ApiException.notFound("Webhook", id));
			store.delete(id);
			events.append("webhook.deleted", "webhook", id, null, describe(current));
		});
	}

	/** Replaces the signing secret; answers the endpoint with the new secret, shown this once. */
	public Webhook rotateSecret(UUID id) {
		return transactions.execute(tx -> {
			var current = store.lock(id).orElseThrow(() -> ApiException.notFound("Webhook", id));
			var secret = WebhookSignature.newSecret();
			store.rotate(id, secret, clock.instant());
			events.append("webhook.secret_rotated", "webhook", id, null, describe(current));
			return get(id).withSecret(secret);
		});
	}

	/** Sends a {@code webhook.ping} now and answers how it went; paused endpoints may be pinged too. */
	public WebhookDelivery ping(UUID id) {
		var webhook = get(id);
		var secret = store.storedSecret(id).orElseThrow(() -> ApiException.notFound("Webhook", id));
		return dispatcher.ping(id, webhook.url(), secret);
	}

	/** An endpoint's delivery attempts, newest first. */
	public Page<WebhookDelivery> deliveries(UUID id, @Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		var before = Page.decodeId(cursor);
		get(id);
		return Page.of(store.deliveries(id, before, size + 1), size, d -> d.id().toString());
	}

	private static List<String> checkedTypes(List<String> patterns) {
		var errors = new ArrayList<ApiException.FieldError>();
		for (int i = 0; i < patterns.size(); i++) {
			var pattern = patterns.get(i) == null ? "" : patterns.get(i).strip();
			if (!EventPatterns.valid(pattern)) {
				errors.add(new ApiException.FieldError("event_types[" + i + "]",
						"must be *, <aggregate>.* or an event type such as sale.completed"));
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		return List.copyOf(new LinkedHashSet<>(patterns.stream().map(String::strip).toList()));
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return text == null || text.isBlank() ? null : text.strip();
	}

	private static Map<String, Object> describe(Webhook webhook) {
		var payload = new LinkedHashMap<String, Object>();
		payload.put("origin", origin(webhook.url()));
		payload.put("event_types", webhook.eventTypes());
		payload.put("active", webhook.active());
		return payload;
	}

	/** Scheme, host and port of a URL: what an event may say about an endpoint. */
	static String origin(String url) {
		var uri = URI.create(url);
		return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
	}
}
