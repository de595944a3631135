package dev.kassa.notifications;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.Page;

@RestController
@Tag(name = "Webhooks")
class WebhookController {

	private final Webhooks webhooks;

	WebhookController(Webhooks webhooks) {
		this.webhooks = webhooks;
	}

	@PostMapping("/api/v1/webhooks")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Create a webhook endpoint; its signing secret is in this answer only")
	ResponseEntity<JsonNode> create(@Valid @RequestBody Webhooks.WebhookInput request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var response = webhooks.create(request, idempotencyKey);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/webhooks")
	@RolesAllowed("ADMIN")
	@Operation(summary = "List webhook endpoints, oldest first")
	Page<Webhook> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return webhooks.list(cursor, limit);
	}

	@GetMapping("/api/v1/webhooks/{id}")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Get a webhook endpoint (without its secret)")
	Webhook get(@PathVariable UUID id) {
		return webhooks.get(id);
	}

	@PatchMapping("/api/v1/webhooks/{id}")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Change a webhook endpoint's URL, description, event types or active flag")
	Webhook update(@PathVariable UUID id, @Valid @RequestBody Webhooks.WebhookPatch request) {
		return webhooks.update(id, request);
	}

	@DeleteMapping("/api/v1/webhooks/{id}")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Delete a webhook endpoint and its delivery log")
	ResponseEntity<Void> delete(@PathVariable UUID id) {
		webhooks.delete(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/webhooks/{id}/rotate-secret")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Replace a webhook endpoint's signing secret; the new one is in this answer only")
	Webhook rotateSecret(@PathVariable UUID id) {
		return webhooks.rotateSecret(id);
	}

	@PostMapping("/api/v1/webhooks/{id}/test")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Send a webhook.ping to the endpoint now and answer how it went")
	WebhookDelivery test(@PathVariable UUID id) {
		return webhooks.ping(id);
	}

	@GetMapping("/api/v1/webhooks/{id}/deliveries")
	@RolesAllowed("ADMIN")
	@Operation(summary = "A webhook endpoint's delivery attempts, newest first: status code, error, duration")
	Page<WebhookDelivery> deliveries(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return webhooks.deliveries(id, cursor, limit);
	}
}
