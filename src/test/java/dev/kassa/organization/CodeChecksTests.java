package dev.kassa.organization;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CodeChecksTests {

	@Test
	void ifscShape() {
		assertThat(BankCodes.validIfsc("HDFC0001234")).isTrue();
		assertThat(BankCodes.validIfsc("HDFC1001234")).isFalse();
		assertThat(BankCodes.validIfsc("HDF00001234")).isFalse();
	}

	@Test
	void ibanCheckDigits() {
		assertThat(BankCodes.ibanProblem("DE89370400440532013000")).isNull();
		assertThat(BankCodes.ibanProblem("GB82WEST12345698765432")).isNull();
		assertThat(BankCodes.ibanProblem("DE89370400440532013001")).contains("check digits");
		assertThat(BankCodes.ibanProblem("DE8937")).isNotNull();
	}

	@Test
	void financialYearCodes() {
		assertThat(FinancialYears.defaultCode(java.time.LocalDate.of(2026, 4, 1), java.time.LocalDate.of(2027, 3, 31)))
			.isEqualTo("2627");
		assertThat(FinancialYears.defaultCode(java.time.LocalDate.of(2026, 1, 1), java.time.LocalDate.of(2026, 12, 31)))
			.isEqualTo("2026");
	}
}
