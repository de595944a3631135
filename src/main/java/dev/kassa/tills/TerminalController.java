package dev.kassa.tills;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Terminals")
class TerminalController {

	private final Terminals terminals;

	private final TillSessions sessions;

	private final Idempotency idempotency;

	TerminalController(Terminals terminals, TillSessions sessions, Idempotency idempotency) {
		this.terminals = terminals;
		this.sessions = sessions;
		this.idempotency = idempotency;
	}

	/** @param paperWidth receipt paper in mm, 58 or 80; 80 when absent */
	record CreateTerminal(@NotNull UUID locationId, @NotBlank @Size(max = 16) String code,
			@NotBlank @Size(max = 200) String name, @Min(58) @Max(80) @Nullable Integer paperWidth) {
	}

	record UpdateTerminal(@NotBlank @Size(max = 200) String name, @Min(58) @Max(80) @Nullable Integer paperWidth) {
	}

	record SettingsBody(@NotNull Boolean sessionRequired, @NotNull @Min(1) @Max(10080) Integer maxOpenMinutes,
			@NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal paidOutManagerAbove,
			@NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 4) BigDecimal varianceThreshold,
			@NotNull Boolean cashierManySessions, @Nullable Boolean sharedSessions) {
	}

	private static ResponseEntity<JsonNode> answer(Idempotency.Response response) {
		return ResponseEntity.status(response.status()).body(response.body());
	}

	@PostMapping("/api/v1/terminals")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Create a terminal (till) at a location; its code (1 to 16 letters, digits, hyphens) is unique in the location")
	ResponseEntity<JsonNode> create(@Valid @RequestBody CreateTerminal body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("terminal.create:" + user.id(), key, body, HttpStatus.CREATED,
				() -> terminals.create(new Terminals.NewTerminal(body.locationId(), body.code(), body.name(),
						body.paperWidth()), user)));
	}

	@GetMapping("/api/v1/terminals")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "List the terminals of the locations you may see, oldest first; filter by location_id and active")
	Page<Terminal> list(@RequestParam(name = "location_id", required = false) @Nullable UUID locationId,
			@RequestParam(required = false) @Nullable Boolean active,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return terminals.list(locationId, active, cursor, limit, user);
	}

	@GetMapping("/api/v1/terminals/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "Get a terminal")
	Terminal get(@PathVariable UUID id, CurrentUser user) {
		return terminals.get(id, user);
	}

	@PutMapping("/api/v1/terminals/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Change a terminal's name and receipt paper width (not its code or location)")
	ResponseEntity<JsonNode> update(@PathVariable UUID id, @Valid @RequestBody UpdateTerminal body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("terminal.update:" + user.id(), key, java.util.List.of(id, body), HttpStatus.OK,
				() -> terminals.update(id, body.name(), body.paperWidth(), user)));
	}

	@PostMapping("/api/v1/terminals/{id}/deactivate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Deactivate a terminal: it opens no session and sells nothing, but its sessions and Z reports stay")
	ResponseEntity<JsonNode> deactivate(@PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("terminal.deactivate:" + user.id(), key, id, HttpStatus.OK,
				() -> terminals.setActive(id, false, user)));
	}

	@PostMapping("/api/v1/terminals/{id}/activate")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Activate a terminal again")
	ResponseEntity<JsonNode> activate(@PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("terminal.activate:" + user.id(), key, id, HttpStatus.OK,
				() -> terminals.setActive(id, true, user)));
	}

	@DeleteMapping("/api/v1/terminals/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Delete a terminal that never had a session (its code is free again); 409 terminal_has_sessions otherwise: deactivate it")
	ResponseEntity<JsonNode> delete(@PathVariable UUID id,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("terminal.delete:" + user.id(), key, id, HttpStatus.OK, () -> {
			terminals.delete(id, user);
			return java.util.Map.of("id", id, "deleted", true);
		}));
	}

	@GetMapping("/api/v1/terminals/{id}/z-reports")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The terminal's Z reports in number order (gapless from 1)")
	Page<ZReport> zReports(@PathVariable UUID id, @RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit, CurrentUser user) {
		return sessions.zReports(id, cursor, limit, user);
	}

	@PostMapping("/api/v1/terminals/{id}/z-reports/verify")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Recompute the hash chain of the terminal's Z reports and name the first that does not hold")
	TillSessions.Verification verify(@PathVariable UUID id, CurrentUser user) {
		return sessions.verify(id, user);
	}

	@GetMapping("/api/v1/till-settings/{locationId}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER" })
	@Operation(summary = "A location's till rules (the defaults until a manager sets them)")
	TillSettings settings(@PathVariable UUID locationId, CurrentUser user) {
		return terminals.settings(locationId, user);
	}

	@PutMapping("/api/v1/till-settings/{locationId}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Set a location's till rules: session required, longest open time, paid-out limit for cashiers, variance threshold, several sessions per cashier, cashiers sharing one session (shared_sessions, false when absent)")
	ResponseEntity<JsonNode> putSettings(@PathVariable UUID locationId, @Valid @RequestBody SettingsBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		return answer(idempotency.run("till-settings:" + user.id(), key, java.util.List.of(locationId, body),
				HttpStatus.OK, () -> terminals.putSettings(locationId, new Terminals.SettingsChange(body.sessionRequired(),
						body.maxOpenMinutes(), body.paidOutManagerAbove(), body.varianceThreshold(),
						body.cashierManySessions(), Boolean.TRUE.equals(body.sharedSessions())), user)));
	}
}
