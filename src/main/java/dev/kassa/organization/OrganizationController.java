package dev.kassa.organization;

import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Page;

@RestController
@Tag(name = "Organization")
class OrganizationController {

	private final OrganizationService organization;

	private final Idempotency idempotency;

	OrganizationController(OrganizationService organization, Idempotency idempotency) {
		this.organization = organization;
		this.idempotency = idempotency;
	}

	record Profile(@NotBlank @Size(max = 200) String legalName, @Size(max = 200) @Nullable String tradeName,
			@Size(max = 1000) @Nullable String address, @NotBlank @Size(max = 2) String country,
			@NotBlank @Size(max = 3) String currency, @NotBlank @Size(max = 64) String timeZone) {
	}

	record CreateTaxRegistration(@NotBlank @Size(max = 2) String country, @NotBlank @Size(max = 40) String number,
			@Size(max = 200) @Nullable String label) {
	}

	record CreateBankAccount(@NotBlank @Size(max = 200) String bankName, @NotBlank @Size(max = 200) String accountName,
			@Size(max = 34) @Nullable String accountNumber, @Size(max = 11) @Nullable String ifsc,
			@Size(max = 50) @Nullable String iban) {
	}

	@GetMapping("/api/v1/organization")
	@RolesAllowed({ "ADMIN", "MANAGER", "CASHIER", "EMPLOYEE", "DRIVER" })
	@Operation(summary = "The organization's profile; 404 until an admin has set it")
	OrganizationProfile profile() {
		return organization.requireProfile();
	}

	@PutMapping("/api/v1/organization")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Set the organization's profile: names, address, country, currency, default time zone")
	OrganizationProfile updateProfile(@Valid @RequestBody Profile request) {
		return organization.updateProfile(new OrganizationService.ProfileChange(request.legalName(),
				request.tradeName(), request.address(), request.country(), request.currency(), request.timeZone()));
	}

	@PostMapping("/api/v1/organization/tax-registrations")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Register a tax number: a GSTIN (checked, with its checksum) in India, a tax id elsewhere")
	ResponseEntity<JsonNode> register(@Valid @RequestBody CreateTaxRegistration request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		var answer = idempotency.run("tax_registration.create:" + user.id(), key, request, HttpStatus.CREATED,
				() -> organization.register(new OrganizationService.NewTaxRegistration(request.country(),
						request.number(), request.label())));
		return ResponseEntity.status(answer.status()).body(answer.body());
	}

	@GetMapping("/api/v1/organization/tax-registrations")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "List the tax registrations, oldest first")
	Page<TaxRegistration> taxRegistrations(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return organization.taxRegistrations(cursor, limit);
	}

	@GetMapping("/api/v1/organization/tax-registrations/{id}")
	@RolesAllowed({ "ADMIN", "MANAGER" })
	@Operation(summary = "Get a tax registration")
	TaxRegistration taxRegistration(@PathVariable UUID id) {
		return organization.taxRegistration(id);
	}

	@DeleteMapping("/api/v1/organization/tax-registrations/{id}")
	@RolesAllowed("ADMIN")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a tax registration")
	void deleteTaxRegistration(@PathVariable UUID id) {
		organization.deleteTaxRegistration(id);
	}

	@PostMapping("/api/v1/organization/bank-accounts")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Add a bank account: IFSC and account number, or an IBAN (mod-97 checked)")
	ResponseEntity<JsonNode> addBankAccount(@Valid @RequestBody CreateBankAccount request,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String key, CurrentUser user) {
		var answer = idempotency.run("bank_account.create:" + user.id(), key, request, HttpStatus.CREATED,
				() -> organization.addBankAccount(new OrganizationService.NewBankAccount(request.bankName(),
						request.accountName(), request.accountNumber(), request.ifsc(), request.iban())));
		return ResponseEntity.status(answer.status()).body(answer.body());
	}

	@GetMapping("/api/v1/organization/bank-accounts")
	@RolesAllowed("ADMIN")
	@Operation(summary = "List the bank accounts, oldest first")
	Page<BankAccount> bankAccounts(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return organization.bankAccounts(cursor, limit);
	}

	@GetMapping("/api/v1/organization/bank-accounts/{id}")
	@RolesAllowed("ADMIN")
	@Operation(summary = "Get a bank account")
	BankAccount bankAccount(@PathVariable UUID id) {
		return organization.bankAccount(id);
	}

	@DeleteMapping("/api/v1/organization/bank-accounts/{id}")
	@RolesAllowed("ADMIN")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a bank account")
	void deleteBankAccount(@PathVariable UUID id) {
		organization.deleteBankAccount(id);
	}
}
