package dev.kassa.numbering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.kassa.organization.FinancialYearCreated;
import dev.kassa.organization.FinancialYears;
import dev.kassa.organization.LocationCreated;
import dev.kassa.organization.Locations;

/**
 * Gives a new location the default series for the current financial year, and a new year the default
 * series for every active location, once the creation has committed. Each series is created in its own
 * transaction with its own event; a failure here is logged and leaves the creation standing, and
 * {@link DocumentNumbers#ensureDefaults} can be called again at any time.
 */
@Component
class DefaultSeries {

	private static final Logger log = LoggerFactory.getLogger(DefaultSeries.class);

	private final DocumentNumbers numbers;

	private final FinancialYears years;

	private final Locations locations;

	DefaultSeries(DocumentNumbers numbers, FinancialYears years, Locations locations) {
		this.numbers = numbers;
		this.years = years;
		this.locations = locations;
	}

	@TransactionalEventListener
	void locationCreated(LocationCreated created) {
		try {
			years.current()
				.filter(year -> !year.closed())
				.ifPresent(year -> numbers.ensureDefaults(created.location().id(), year.id()));
		}
		catch (RuntimeException ex) {
			log.error("Could not create the default series of location {}", created.location().code(), ex);
		}
	}

	@TransactionalEventListener
	void financialYearCreated(FinancialYearCreated created) {
		for (var location : locations.allActive()) {
			try {
				numbers.ensureDefaults(location.id(), created.year().id());
			}
			catch (RuntimeException ex) {
				log.error("Could not create the default series of location {} for {}", location.code(),
						created.year().code(), ex);
			}
		}
	}
}
