package dev.kassa.sales;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.kassa.platform.Role;

class SaleSettingsTests {

	private static SaleSettings with(Map<Role, BigDecimal> limits) {
		return new SaleSettings(BigDecimal.TEN, 15, SaleSettings.EstimatePrices.HOLD, Duration.ofMinutes(15), limits);
	}

	@Test
	void rolesNamedAreMergedOverTheDefaultsAndTheLargestLimitOfAUsersRolesHolds() {
		var settings = with(Map.of(Role.CASHIER, new BigDecimal("5")));
		assertThat(settings.discountLimit(Set.of(Role.CASHIER))).isEqualByComparingTo("5");
		assertThat(settings.discountLimit(Set.of(Role.EMPLOYEE))).isEqualByComparingTo("10");
		assertThat(settings.discountLimit(Set.of(Role.DRIVER))).isEqualByComparingTo("0");
		assertThat(settings.discountLimit(Set.of(Role.CASHIER, Role.EMPLOYEE))).isEqualByComparingTo("10");
		assertThat(settings.discountLimit(Set.of(Role.CASHIER, Role.MANAGER))).isNull();
		assertThat(settings.discountLimit(Set.of())).isEqualByComparingTo("0");
	}

	@Test
	void aNegativeLimitMakesTheRoleUnlimitedAndNoneGivenKeepsTheDefaults() {
		assertThat(with(Map.of(Role.EMPLOYEE, new BigDecimal("-1"))).discountLimit(Set.of(Role.EMPLOYEE))).isNull();
		assertThat(with(null).discountLimit(Set.of(Role.CASHIER))).isEqualByComparingTo("10");
		assertThat(with(null).discountLimit(Set.of(Role.ADMIN))).isNull();
	}
}
