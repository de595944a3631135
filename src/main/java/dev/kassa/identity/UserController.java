package dev.kassa.identity;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;
import dev.kassa.platform.Role;

@RestController
@Tag(name = "Users")
class UserController {

	private final IdentityService identity;

	UserController(IdentityService identity) {
		this.identity = identity;
	}

	record CreateUser(@NotBlank @Size(max = 64) String username, @Size(max = 200) @Nullable String displayName,
			@NotNull @Size(max = 128) String password, @NotEmpty Set<@NotNull Role> roles,
			@Size(max = 1000) @Nullable List<@NotNull UUID> locationIds) {
	}

	record ChangeAccess(@NotEmpty Set<@NotNull Role> roles, @Size(max = 1000) @Nullable List<@NotNull UUID> locationIds) {
	}

	record ResetPassword(@NotNull @Size(max = 128) String password) {
	}

	record ChangePassword(@NotNull @Size(max = 128) String currentPassword, @NotNull @Size(max = 128) String newPassword) {
	}

	@PostMapping("/api/v1/users")
	@RolesAllowed("ADMIN")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a user with roles, optionally limited to some locations")
	User create(@Valid @RequestBody CreateUser request) {
		return identity.create(new IdentityService.NewUser(request.username(), request.displayName(),
				request.password(), request.roles(), request.locationIds()));
	}

	@GetMapping("/api/v1/users")
	@RolesAllowed("ADMIN")
	@Operation(summary = "List users, oldest first")
	Page<User> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return identity.list(cursor, limit);
	}

	@GetMapping("/api/v1/users/{id}")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Get a user")
	User get(@PathVariable UUID id) {
		return identity.get(id);
	}

	@PutMapping("/api/v1/users/{id}/access")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Change a user's roles and locations; their refresh tokens are revoked")
	User changeAccess(@PathVariable UUID id, @Valid @RequestBody ChangeAccess request, CurrentUser actor) {
		return identity.changeAccess(id, request.roles(), request.locationIds(), actor.id());
	}

	@PostMapping("/api/v1/users/{id}/deactivate")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Deactivate a user: refresh tokens die at once, access tokens within 5 minutes")
	User deactivate(@PathVariable UUID id, CurrentUser actor) {
		return identity.setActive(id, false, actor.id());
	}

	@PostMapping("/api/v1/users/{id}/activate")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Activate a user again")
	User activate(@PathVariable UUID id, CurrentUser actor) {
		return identity.setActive(id, true, actor.id());
	}

	@PostMapping("/api/v1/users/{id}/password")
	@RolesAllowed("ADMIN")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Set a new password for a user; their sessions end")
	void resetPassword(@PathVariable UUID id, @Valid @RequestBody ResetPassword request) {
		identity.resetPassword(id, request.password());
	}

	@GetMapping("/api/v1/me")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "The signed-in user")
	User me(CurrentUser user) {
		return identity.get(user.id());
	}

	@PutMapping("/api/v1/me/password")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "Change your own password; your other sessions end")
	ResponseEntity<Void> changeOwnPassword(@Valid @RequestBody ChangePassword request, CurrentUser user) {
		identity.changeOwnPassword(user.id(), request.currentPassword(), request.newPassword());
		return ResponseEntity.noContent().build();
	}
}
