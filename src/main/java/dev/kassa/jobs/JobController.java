package dev.kassa.jobs;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.kassa.platform.CurrentUser;

@RestController
@Tag(name = "Jobs")
class JobController {

	private final Jobs jobs;

	JobController(Jobs jobs) {
		this.jobs = jobs;
	}

	@GetMapping("/api/v1/jobs/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "A background job: state, progress, errors, result; for the user who started it, ADMIN or MANAGER")
	JobRun get(@PathVariable UUID id, CurrentUser user) {
		return jobs.get(id, user);
	}
}
