package dev.kassa.sales;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Runs the estimate expiry sweep every {@code kassa.sales.estimate-expiry-sweep}. */
@Configuration(proxyBeanMethods = false)
class EstimateExpiry implements SchedulingConfigurer {

	private final Estimates estimates;

	private final SaleSettings settings;

	EstimateExpiry(Estimates estimates, SaleSettings settings) {
		this.estimates = estimates;
		this.settings = settings;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		var every = settings.estimateExpirySweep();
		registrar.addFixedDelayTask(new FixedDelayTask(estimates::expireDue, every, every));
	}
}
