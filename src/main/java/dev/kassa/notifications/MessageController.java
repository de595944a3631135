package dev.kassa.notifications;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.Page;

@RestController
@Tag(name = "Messages")
class MessageController {

	private final Messages messages;

	MessageController(Messages messages) {
		this.messages = messages;
	}

	@PostMapping("/api/v1/messages")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Queue an email or a WhatsApp message to one recipient; 409 when its channel is not configured")
	ResponseEntity<JsonNode> send(@Valid @RequestBody Messages.SendRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		var response = messages.send(request, idempotencyKey);
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@GetMapping("/api/v1/messages")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List messages, newest first, with their status and attempts")
	Page<Message> list(@RequestParam(required = false) @Nullable MessageStatus status,
			@RequestParam(required = false) @Nullable Channel channel,
			@RequestParam(required = false) @Nullable String reference,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return messages.list(status, channel, reference, cursor, limit);
	}

	@GetMapping("/api/v1/messages/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Get a message with every delivery attempt")
	Message get(@PathVariable UUID id) {
		return messages.get(id);
	}
}
