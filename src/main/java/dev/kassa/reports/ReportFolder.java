package dev.kassa.reports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Folds the pending report rows into the day figures, every second and in batches, one fold at a time across
 * instances. A report is right whether or not the fold has run (it reads the pending rows too); the fold
 * keeps what a report reads per day small.
 */
@Component
class ReportFolder {

	private static final Logger log = LoggerFactory.getLogger(ReportFolder.class);

	private final ReportStore store;

	private final TransactionTemplate transactions;

	private final int batch;

	ReportFolder(ReportStore store, TransactionTemplate transactions,
			@Value("${kassa.reports.fold-batch:5000}") int batch) {
		this.store = store;
		this.transactions = transactions;
		this.batch = batch;
	}

	@Scheduled(fixedDelayString = "${kassa.reports.fold-every-ms:1000}", initialDelay = 1000)
	void foldOnSchedule() {
		try {
			foldAll();
		}
		catch (RuntimeException ex) {
			log.warn("report fold failed; it runs again in a moment", ex);
		}
	}

	/**
	 * Folds batches until fewer than a batch were pending, or until another instance's fold holds the lock.
	 *
	 * @return the pending rows folded
	 */
	int foldAll() {
		int total = 0;
		while (true) {
			Integer folded = transactions.execute(tx -> {
				if (!store.lockFold()) {
					return -1;
				}
				store.planIndexProbes();
				return store.fold(batch);
			});
			if (folded == null || folded < 0) {
				return total;
			}
			total += folded;
			if (folded < batch) {
				return total;
			}
		}
	}
}
