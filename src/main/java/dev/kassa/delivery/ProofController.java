package dev.kassa.delivery;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;

@RestController
@Tag(name = "Proof of delivery")
class ProofController {

	private final ProofOfDelivery proofs;

	ProofController(ProofOfDelivery proofs) {
		this.proofs = proofs;
	}

	@GetMapping("/api/v1/delivery/proof-settings/{locationId}")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "What the location requires before a stop is delivered: NONE, CODE, UPLOAD, CODE_OR_UPLOAD or CODE_AND_UPLOAD")
	ProofOfDelivery.Requirement requirement(@PathVariable UUID locationId, CurrentUser user) {
		return proofs.requirement(locationId, user);
	}

	@PutMapping("/api/v1/delivery/proof-settings/{locationId}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Set the proof of delivery the location requires")
	ProofOfDelivery.Requirement setRequirement(@PathVariable UUID locationId,
			@Valid @RequestBody ProofOfDelivery.RequirementInput request, CurrentUser user) {
		return proofs.setRequirement(locationId, request, user);
	}

	@PostMapping("/api/v1/routes/{id}/stops/{stopId}/proof-code")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Send the stop's recipient a one-time code on WhatsApp (through the outbox); a resend replaces it")
	ProofOfDelivery.CodeSent sendCode(@PathVariable UUID id, @PathVariable UUID stopId, CurrentUser user) {
		return proofs.sendCode(id, stopId, user);
	}

	@PostMapping("/api/v1/routes/{id}/stops/{stopId}/proof-code/check")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@Operation(summary = "Check the code the recipient gave the driver; a wrong one counts, and the code locks at the limit")
	ProofOfDelivery.CodeChecked checkCode(@PathVariable UUID id, @PathVariable UUID stopId,
			@Valid @RequestBody ProofOfDelivery.CodeInput request, CurrentUser user) {
		return proofs.checkCode(id, stopId, request, user);
	}

	@PostMapping("/api/v1/routes/{id}/stops/{stopId}/proof-files")
	@RolesAllowed({ "ADMIN", "MANAGER", "DRIVER" })
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Upload a signature or photo (PNG, JPEG or WebP, base64, at most 512 KiB) for a pending stop")
	ProofOfDelivery.FileView upload(@PathVariable UUID id, @PathVariable UUID stopId,
			@Valid @RequestBody ProofOfDelivery.UploadInput request, CurrentUser user) {
		return proofs.upload(id, stopId, request, user);
	}

	@GetMapping("/api/v1/routes/{id}/stops/{stopId}/proof")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "The stop's proof of delivery: what was required, the code's state (never the code), the uploads")
	ProofOfDelivery.Proof proof(@PathVariable UUID id, @PathVariable UUID stopId, CurrentUser user) {
		return proofs.proof(id, stopId, user);
	}

	@GetMapping("/api/v1/routes/{id}/stops/{stopId}/proof-files/{fileId}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "An uploaded signature or photo, as its image type")
	ResponseEntity<byte[]> file(@PathVariable UUID id, @PathVariable UUID stopId, @PathVariable UUID fileId,
			CurrentUser user) {
		var file = proofs.file(id, stopId, fileId, user);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(file.contentType()))
			.header(HttpHeaders.CACHE_CONTROL, "private, no-store")
			.header("X-Content-Type-Options", "nosniff")
			.body(file.content());
	}
}
