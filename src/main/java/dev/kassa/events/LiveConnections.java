package dev.kassa.events;

import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Counts each user's live connections (WebSocket and SSE together) and refuses one past
 * {@code kassa.events.max-connections-per-user}, so that one stolen token cannot hold thousands of them.
 */
@Component
class LiveConnections {

	private final ConcurrentHashMap<UUID, Integer> open = new ConcurrentHashMap<>();

	private final int max;

	LiveConnections(EventSettings settings) {
		this.max = settings.maxConnectionsPerUser();
	}

	/** Counts a connection of the user; false, counting nothing, when they have the most already. */
	boolean open(UUID user) {
		var taken = new boolean[1];
		open.compute(user, (key, count) -> {
			int now = count == null ? 0 : count;
			if (now >= max) {
				return count;
			}
			taken[0] = true;
			return now + 1;
		});
		return taken[0];
	}

	void close(UUID user) {
		open.computeIfPresent(user, (key, count) -> count <= 1 ? null : count - 1);
	}

	int max() {
		return max;
	}
}
