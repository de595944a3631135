package dev.kassa.sales;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
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

import dev.kassa.numbering.NumberBlock;
import dev.kassa.numbering.NumberBlocks;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.tills.TillSessionClosing;
import dev.kassa.tills.Terminals;

/**
 * A terminal's blocks of sale numbers, reserved for selling offline and handed back when not used up. Here
 * in sales, the module that uses both the terminals and the number series.
 */
@RestController
@Tag(name = "Terminals")
class NumberBlockController {

	private final Terminals terminals;

	private final NumberBlocks blocks;

	private final Idempotency idempotency;

	NumberBlockController(Terminals terminals, NumberBlocks blocks, Idempotency idempotency) {
		this.terminals = terminals;
		this.blocks = blocks;
		this.idempotency = idempotency;
	}

	/** A session being closed hands its terminal's open blocks back, in the close's transaction. */
	@EventListener
	void sessionClosing(TillSessionClosing closing) {
		blocks.releaseAll(closing.terminalId(), "session closed; not used offline", closing.userId());
	}

	record ReserveBody(@NotNull @Min(1) @Max(NumberBlocks.MAX_SIZE) Integer size) {
	}

	record ReleaseBody(@Size(max = 500) @Nullable String reason) {
	}

	private static ResponseEntity<JsonNode> answer(Idempotency.Response response) {
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/terminals/{id}/number-blocks")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Reserve a block of consecutive sale numbers (size 1 to 1000) from the location's SALE series "
			+ "for the terminal to print offline; answers first_number and last_number. A sale posted with one of them "
			+ "as number uses it; the numbers left when the block is handed back are cancelled with the reason")
	ResponseEntity<JsonNode> reserve(@PathVariable UUID id, @Valid @RequestBody ReserveBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		Idempotency.checkKey(key);
		var terminal = terminals.get(id, user);
		return answer(idempotency.run("number-block.reserve:" + user.id(), key, List.of(id, body), HttpStatus.CREATED,
				() -> {
					if (!terminal.active()) {
						throw ApiException.conflict("terminal_inactive", "Terminal " + terminal.code() + " is deactivated");
					}
					return blocks.reserve(terminal.id(), terminal.locationId(), body.size(), user.id());
				}));
	}

	@GetMapping("/api/v1/terminals/{id}/number-blocks")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "The terminal's number blocks, newest first (at most 200); state=OPEN for the open ones only")
	Map<String, List<NumberBlock>> list(@PathVariable UUID id, @RequestParam(required = false) @Nullable String state,
			CurrentUser user) {
		if (state != null && !state.equals("OPEN") && !state.equals("ALL")) {
			throw ApiException.invalid("state", "must be OPEN or ALL");
		}
		var terminal = terminals.get(id, user);
		return Map.of("items", blocks.ofTerminal(terminal.id(), "OPEN".equals(state)));
	}

	@PostMapping("/api/v1/terminals/{id}/number-blocks/{blockId}/release")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Hand a block back: its numbers no sale took are recorded as cancelled with the reason, so "
			+ "the series stays explainable; 409 number_block_released when it was handed back already")
	ResponseEntity<JsonNode> release(@PathVariable UUID id, @PathVariable UUID blockId,
			@Valid @RequestBody(required = false) @Nullable ReleaseBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		Idempotency.checkKey(key);
		var terminal = terminals.get(id, user);
		var given = body == null ? new ReleaseBody(null) : body;
		return answer(idempotency.run("number-block.release:" + user.id(), key, List.of(id, blockId, given),
				HttpStatus.OK, () -> {
					var block = blocks.find(blockId).filter(b -> b.terminalId().equals(terminal.id()))
						.orElseThrow(() -> ApiException.notFound("Number block", blockId));
					var reason = given.reason() == null || given.reason().isBlank() ? "handed back by " + user.username()
							: given.reason().strip();
					return blocks.release(block.id(), reason, user.id());
				}));
	}
}
