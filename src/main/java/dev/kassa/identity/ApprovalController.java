package dev.kassa.identity;

import java.math.BigDecimal;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;

@RestController
@Tag(name = "Users")
class ApprovalController {

	private final Approvals approvals;

	ApprovalController(Approvals approvals) {
		this.approvals = approvals;
	}

	record ApprovalRequest(@NotBlank @Size(max = 64) String approverUsername,
			@NotBlank @Size(max = 128) String approverPassword, @Size(max = 32) @Nullable String approverCode,
			@NotNull UUID locationId, @NotNull BigDecimal maxPercent) {
	}

	@PostMapping("/api/v1/approvals")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE" })
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "A MANAGER types their password at this till to approve one discount or price "
			+ "reduction above this user's limit (and their TOTP code when they have the factor: approver_code); answers a token for the Kassa-Approval header, one use, 2 minutes")
	Approvals.Issued approve(@Valid @RequestBody ApprovalRequest request, CurrentUser user) {
		return approvals.issue(user, request.approverUsername(), request.approverPassword(), request.approverCode(),
				request.locationId(), request.maxPercent());
	}
}
