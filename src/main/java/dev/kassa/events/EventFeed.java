package dev.kassa.events;

import java.util.List;

import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * The sealed log read in order, for modules that follow it with a cursor of their own (webhooks). Only
 * sealed events are read: their positions are consecutive and in commit order, so a follower that keeps
 * the last position it handled never skips an event that committed late.
 */
@NamedInterface("feed")
@Service
public class EventFeed {

	private final EventStore store;

	EventFeed(EventStore store) {
		this.store = store;
	}

	/** The position of the last sealed event; 0 when none is sealed yet. */
	public long lastPosition() {
		return store.lastSeq();
	}

	/**
	 * Sealed events after a position, in order.
	 *
	 * @param limit at most this many, 1 to 1,000
	 */
	public List<StoredEvent> after(long position, int limit) {
		if (limit < 1 || limit > 1000) {
			throw new IllegalArgumentException("limit must be between 1 and 1000");
		}
		return store.range(position, Long.MAX_VALUE, limit);
	}
}
