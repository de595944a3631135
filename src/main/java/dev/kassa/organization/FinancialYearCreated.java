package dev.kassa.organization;

/** Published in the creating transaction; listeners that need a commit use {@code @TransactionalEventListener}. */
public record FinancialYearCreated(FinancialYear year) {
}
