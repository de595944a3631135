package dev.kassa.organization;

/**
 * Published in the closing transaction, after the year is marked closed: a plain {@code @EventListener}
 * runs in that transaction (the numbering module closes the year's series there).
 */
public record FinancialYearClosed(FinancialYear year) {
}
