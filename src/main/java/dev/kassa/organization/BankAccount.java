package dev.kassa.organization;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** A bank account of the organization: an Indian one (IFSC and account number) or one with an IBAN. */
public record BankAccount(UUID id, String bankName, String accountName, @Nullable String accountNumber,
		@Nullable String ifsc, @Nullable String iban, Instant createdAt) {
}
