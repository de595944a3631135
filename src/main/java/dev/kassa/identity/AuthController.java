package dev.kassa.identity;

import jakarta.annotation.security.PermitAll;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Authentication")
@PermitAll
class AuthController {

	private final IdentityService identity;

	AuthController(IdentityService identity) {
		this.identity = identity;
	}

	record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank @Size(max = 128) String password) {
	}

	record CodeRequest(@NotBlank @Size(max = 100) String challengeToken, @NotBlank @Size(max = 32) String code) {
	}

	record RefreshRequest(@NotBlank @Size(max = 100) String refreshToken) {
	}

	@PostMapping("/login")
	@Operation(summary = "Sign in with user name and password; answers an access and a refresh token, or, for a user "
			+ "with two-step sign-in, 401 totp_required with a challenge_token for POST /api/v1/auth/login/totp",
			security = {})
	IdentityService.TokenPair login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
		return identity.login(request.username(), request.password(), http.getRemoteAddr());
	}

	@PostMapping("/login/totp")
	@Operation(summary = "The second step of a sign-in: the challenge_token of a right password and the authenticator's "
			+ "current code (or a recovery code, good once); answers an access and a refresh token", security = {})
	IdentityService.TokenPair loginWithCode(@Valid @RequestBody CodeRequest request, HttpServletRequest http) {
		return identity.loginWithCode(request.challengeToken(), request.code(), http.getRemoteAddr());
	}

	@PostMapping("/refresh")
	@Operation(summary = "Trade a refresh token (single use) for a new pair", security = {})
	IdentityService.TokenPair refresh(@Valid @RequestBody RefreshRequest request, HttpServletRequest http) {
		var agent = http.getHeader("User-Agent");
		return identity.refresh(request.refreshToken(), http.getRemoteAddr() + " "
				+ (agent == null ? "" : agent.length() > 200 ? agent.substring(0, 200) : agent));
	}

	@PostMapping("/logout")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "End the session of a refresh token (its whole family)", security = {})
	void logout(@Valid @RequestBody RefreshRequest request) {
		identity.logout(request.refreshToken());
	}
}
