package dev.kassa.tills;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

/**
 * What a location's till settings are until a manager sets them ({@code PUT /api/v1/till-settings/{id}}).
 *
 * @param sessionRequired whether a sale at a terminal needs an open session on it
 * @param maxOpen how long a session may stay open before the terminal must close it to sell again
 * @param paidOutManagerAbove a paid out above this amount needs a MANAGER (or ADMIN)
 * @param varianceThreshold a close whose variance in any method is above this needs a MANAGER to accept it
 * @param cashierManySessions whether a cashier may hold open sessions on several terminals at once
 * @param sharedSessions whether a cashier may sell on another cashier's open session
 */
@ConfigurationProperties("kassa.tills")
@Validated
record TillDefaults(@DefaultValue("true") boolean sessionRequired, @DefaultValue("24h") Duration maxOpen,
		@DefaultValue("2000") BigDecimal paidOutManagerAbove, @DefaultValue("100") BigDecimal varianceThreshold,
		@DefaultValue("false") boolean cashierManySessions, @DefaultValue("false") boolean sharedSessions) {

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TillDefaults.class)
	static class Registration {
	}
}
