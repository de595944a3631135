package dev.kassa.identity;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;

/** Two-step sign-in: a user's own TOTP factor, and an admin's reset of someone else's. */
@RestController
@Tag(name = "Users")
class TotpController {

	private final TotpEnrolment enrolment;

	TotpController(TotpEnrolment enrolment) {
		this.enrolment = enrolment;
	}

	record StartRequest(@NotNull @Size(max = 128) String password) {
	}

	record ConfirmRequest(@NotBlank @Size(max = 32) String code) {
	}

	record ProofRequest(@NotNull @Size(max = 128) String password, @NotBlank @Size(max = 32) String code) {
	}

	@GetMapping("/api/v1/me/totp")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Whether your two-step sign-in (TOTP) is set up, whether your role requires it, and how many "
			+ "recovery codes are left")
	TotpEnrolment.Status status(CurrentUser user) {
		return enrolment.status(user.id());
	}

	@PostMapping("/api/v1/me/totp")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Start setting up two-step sign-in with your password: answers a new secret (Base32 and an "
			+ "otpauth:// URI for an authenticator app), active once confirmed with a code within 10 minutes")
	TotpEnrolment.Started start(@Valid @RequestBody StartRequest request, CurrentUser user) {
		return enrolment.start(user.id(), request.password());
	}

	@PostMapping("/api/v1/me/totp/confirm")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Confirm the set-up with the app's current code: the factor is active, the 10 recovery codes "
			+ "are answered once, and your sessions end (sign in again with a code)")
	TotpEnrolment.RecoveryCodes confirm(@Valid @RequestBody ConfirmRequest request, CurrentUser user) {
		return enrolment.confirm(user.id(), request.code());
	}

	@PostMapping("/api/v1/me/totp/recovery-codes")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "New recovery codes in place of the old ones, with your password and a code")
	TotpEnrolment.RecoveryCodes regenerate(@Valid @RequestBody ProofRequest request, CurrentUser user) {
		return enrolment.regenerate(user.id(), request.password(), request.code());
	}

	@PostMapping("/api/v1/me/totp/remove")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove your two-step sign-in, with your password and a code; your sessions end")
	void remove(@Valid @RequestBody ProofRequest request, CurrentUser user) {
		enrolment.remove(user.id(), request.password(), request.code());
	}

	@PostMapping("/api/v1/users/{id}/totp/reset")
	@RolesAllowed("ADMIN")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Remove another user's two-step sign-in (a lost phone); their sessions end")
	void reset(@PathVariable UUID id, CurrentUser actor) {
		enrolment.reset(id, actor.id());
	}
}
