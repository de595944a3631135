package dev.kassa.documents;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Removes expired batch files every {@code kassa.documents.batch-cleanup-sweep}. */
@Configuration(proxyBeanMethods = false)
class BatchCleanup implements SchedulingConfigurer {

	private final DocumentBatches batches;

	private final DocumentSettings settings;

	BatchCleanup(DocumentBatches batches, DocumentSettings settings) {
		this.batches = batches;
		this.settings = settings;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		var every = settings.batchCleanupSweep();
		registrar.addFixedDelayTask(new FixedDelayTask(batches::expireDue, every, every));
	}
}
