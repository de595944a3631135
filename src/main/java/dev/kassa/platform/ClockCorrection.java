package dev.kassa.platform;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads PostgreSQL's clock ({@code clock_timestamp()}, taken as halfway through the round trip) at start-up and
 * every 10 s and anchors {@link KassaClock} to it: two instances whose hosts are minutes apart still date every
 * sale, token and document by one clock, the database's, to within half a round trip. A host clock off by more
 * than a second is logged once, since its time keeping needs looking at. A database that cannot be reached leaves
 * the last anchor in force. {@code kassa.clock.follow-database=false} keeps the host's clock.
 */
@Component
class ClockCorrection {

	private static final Logger log = LoggerFactory.getLogger(ClockCorrection.class);

	private final JdbcClient jdbc;

	private final boolean follow;

	private volatile boolean warned;

	ClockCorrection(JdbcClient jdbc, @Value("${kassa.clock.follow-database:true}") boolean follow) {
		this.jdbc = jdbc;
		this.follow = follow;
		measure();
	}

	/** Measures again; a database that cannot be reached leaves the last correction in force. */
	@Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
	void measure() {
		if (!follow) {
			return;
		}
		try {
			long sent = System.nanoTime();
			var database = jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single().toInstant();
			long received = System.nanoTime();
			var offset = Duration.between(KassaClock.host().minusNanos((received - sent) / 2), database);
			KassaClock.anchor(sent + (received - sent) / 2, database, offset);
			if (offset.abs().compareTo(Duration.ofSeconds(1)) > 0 && !warned) {
				warned = true;
				log.warn("This host's clock is {} ms off the database's; Kassa dates everything by the database's",
						-offset.toMillis());
			}
		}
		catch (RuntimeException unreachable) {
			log.debug("The clock could not be compared with the database's; the last correction holds", unreachable);
		}
	}
}
