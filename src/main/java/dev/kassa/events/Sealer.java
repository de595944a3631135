package dev.kassa.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.kassa.platform.Workers;

/**
 * Gives committed events their place in the log: consecutive {@code seq} values and the hash chain. One
 * sealer runs per database, the instance holding a session advisory lock on a connection of its own; the
 * others stand by and take over when that connection dies. Business transactions only insert their event
 * and never wait for the sealer. The sealer only sees committed rows, so the order it gives is a commit
 * order: an event that commits late is sealed late, after every event a reader may already have seen.
 * After each batch it sends one {@code NOTIFY kassa_events} from its own transaction to wake other instances
 * (payload {@code <origin>:<last seq>}; the local live poller, woken directly, ignores its own origin's).
 */
@Component
class Sealer implements SmartLifecycle {

	static final long LOCK_KEY = 0x4b61737361L;

	static final String CHANNEL = "kassa_events";

	private static final Logger log = LoggerFactory.getLogger(Sealer.class);

	private final DirectConnections connections;

	private final EventSettings settings;

	private final LiveHub hub;

	private final ArrayBlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);

	private volatile boolean running;

	private volatile boolean sealing;

	private final Workers workers;

	private volatile Workers.@Nullable Worker worker;

	private long lastSeq;

	private byte @Nullable [] lastHash;

	Sealer(DirectConnections connections, EventSettings settings, LiveHub hub, EventLog events, Workers workers) {
		this.connections = connections;
		this.workers = workers;
		this.settings = settings;
		this.hub = hub;
		events.onCommit(this::wake);
	}

	/** Asks for a round at once (after a local commit). Never blocks. */
	void wake() {
		wakeUps.offer(Boolean.TRUE);
	}

	/** Whether this instance holds the sealer's lock. */
	boolean isSealing() {
		return sealing;
	}

	@Override
	public void start() {
		running = true;
		worker = workers.start("sealer", this::loop);
	}

	@Override
	public void stop() {
		running = false;
		var w = worker;
		if (w != null) {
			w.stop(java.time.Duration.ofSeconds(10));
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Runs as the supervised worker {@code sealer}: a lost connection or a failed round is retried here; an
	 * {@code Error} ends the loop, its connection closed (and with it the lock let go), and {@link Workers}
	 * starts it again.
	 */
	private void loop(Workers.Worker self) {
		while (running) {
			try (var connection = connections.open()) {
				if (!takeLock(connection, self)) {
					continue;
				}
				sealing = true;
				log.info("This instance seals the event log");
				connection.setAutoCommit(false);
				loadTail(connection);
				while (running) {
					self.checkpoint();
					long started = System.nanoTime();
					int sealed = sealBatch(connection);
					if (sealed > 0) {
						hub.wake();
					}
					if (sealed < settings.sealBatch()) {
						wakeUps.poll(settings.sealPoll().toMillis(), TimeUnit.MILLISECONDS);
						// Under load, a round per commit would double the transactions the writers share the
						// database with: the commits that come meanwhile wait to be sealed together.
						long gather = settings.sealInterval().toNanos() - (System.nanoTime() - started);
						if (gather > 0) {
							TimeUnit.NANOSECONDS.sleep(gather);
						}
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (SQLException | RuntimeException ex) {
				if (running) {
					log.warn("The sealer lost its connection or failed; retrying in a second", ex);
					pause(1000);
				}
			}
			finally {
				sealing = false;
			}
		}
	}

	/** Waits, trying now and then, until this instance holds the lock; false when stopped meanwhile. */
	private boolean takeLock(Connection connection, Workers.Worker self) throws SQLException {
		while (running) {
			self.checkpoint();
			try (var statement = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
				statement.setLong(1, LOCK_KEY);
				try (var rs = statement.executeQuery()) {
					rs.next();
					if (rs.getBoolean(1)) {
						return true;
					}
				}
			}
			if (!pause(settings.standbyPoll().toMillis())) {
				return false;
			}
		}
		return false;
	}

	private boolean pause(long millis) {
		try {
			Thread.sleep(millis);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			running = false;
			return false;
		}
	}

	private void loadTail(Connection connection) throws SQLException {
		try (var statement = connection.prepareStatement("""
				SELECT seq, hash FROM events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1
				"""); var rs = statement.executeQuery()) {
			if (rs.next()) {
				lastSeq = rs.getLong(1);
				lastHash = rs.getBytes(2);
			}
			else {
				lastSeq = 0;
				lastHash = null;
			}
		}
		connection.commit();
	}

	/** Seals up to a batch of committed events in one transaction; answers how many. */
	int sealBatch(Connection connection) throws SQLException {
		var batch = new ArrayList<EventChain.Content>();
		try {
			try (var statement = connection.prepareStatement("""
					SELECT id, type, aggregate_type, aggregate_id, location_id, actor_id, occurred_at, payload::text
					FROM events WHERE seq IS NULL ORDER BY id LIMIT ?
					""")) {
				statement.setInt(1, settings.sealBatch());
				try (var rs = statement.executeQuery()) {
					long seq = lastSeq;
					while (rs.next()) {
						batch.add(new EventChain.Content(++seq, rs.getObject(1, UUID.class), rs.getString(2),
								rs.getString(3), rs.getObject(4, UUID.class), rs.getObject(5, UUID.class),
								rs.getObject(6, UUID.class), rs.getObject(7, OffsetDateTime.class), rs.getString(8)));
					}
				}
			}
			if (batch.isEmpty()) {
				connection.commit();
				return 0;
			}
			var ids = new UUID[batch.size()];
			var seqs = new Long[batch.size()];
			var previous = new String[batch.size()];
			var hashes = new String[batch.size()];
			byte[] prev = lastHash;
			for (int i = 0; i < batch.size(); i++) {
				var content = batch.get(i);
				var hash = EventChain.hash(prev, content);
				ids[i] = content.id();
				seqs[i] = content.seq();
				previous[i] = EventChain.hex(prev);
				hashes[i] = EventChain.hex(hash);
				prev = hash;
			}
			int updated;
			try (var statement = connection.prepareStatement("""
					UPDATE events e
					SET seq = u.seq, prev_hash = decode(nullif(u.prev_hash, ''), 'hex'), hash = decode(u.hash, 'hex')
					FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[]) AS u (id, seq, prev_hash, hash)
					WHERE e.id = u.id AND e.seq IS NULL
					""")) {
				statement.setArray(1, connection.createArrayOf("uuid", ids));
				statement.setArray(2, connection.createArrayOf("bigint", seqs));
				statement.setArray(3, connection.createArrayOf("text", previous));
				statement.setArray(4, connection.createArrayOf("text", hashes));
				updated = statement.executeUpdate();
			}
			if (updated != batch.size()) {
				throw new IllegalStateException("sealed " + updated + " of " + batch.size() + " events; another sealer?");
			}
			try (var statement = connection.prepareStatement("""
					INSERT INTO event_chain_head (id, seq, hash, sealed_at) VALUES (1, ?, decode(?, 'hex'), now())
					ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, sealed_at = excluded.sealed_at
					""")) {
				statement.setLong(1, seqs[seqs.length - 1]);
				statement.setString(2, hashes[hashes.length - 1]);
				statement.executeUpdate();
			}
			try (var statement = connection.prepareStatement("SELECT pg_notify(?, ?)")) {
				statement.setString(1, CHANNEL);
				statement.setString(2, hub.origin() + ":" + seqs[seqs.length - 1]);
				statement.execute();
			}
			connection.commit();
			lastSeq = seqs[seqs.length - 1];
			lastHash = prev;
			return batch.size();
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
	}

}
