package dev.kassa.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event log and its live streams, bound from {@code kassa.events.*}.
 *
 * @param sealBatch most events sealed in one transaction
 * @param sealPoll how often the sealer looks for unsealed events when no local commit woke it
 * @param sealInterval least time between the starts of two sealing rounds: under load the commits of
 *        that time are sealed in one round (one transaction, one NOTIFY, one read by each live poller)
 *        instead of one round each; a lone commit is sealed at once
 * @param standbyPoll how often an instance that is not the sealer tries to take the sealer's lock
 * @param livePoll fallback poll of the live poller, when neither the local sealer nor a NOTIFY woke it
 * @param liveBatch least time between two batches of the live poller: what commits meanwhile goes out as one
 * @param liveQueue batches a live connection may have waiting before it is closed as too slow (4008)
 * @param ping interval of heartbeats on live connections
 * @param idleTimeout a WebSocket that answers nothing (no pong, no message) this long is closed
 * @param maxConnectionsPerUser live connections (WebSocket and SSE together) one user may hold at once; one
 *        more is refused (SSE 429 with Retry-After, WebSocket closed with 4029)
 */
@ConfigurationProperties("kassa.events")
record EventSettings(@DefaultValue("2000") int sealBatch, @DefaultValue("50ms") Duration sealPoll,
		@DefaultValue("20ms") Duration sealInterval,
		@DefaultValue("1s") Duration standbyPoll, @DefaultValue("1s") Duration livePoll,
		@DefaultValue("20ms") Duration liveBatch,
		@DefaultValue("64") int liveQueue, @DefaultValue("25s") Duration ping,
		@DefaultValue("75s") Duration idleTimeout, @DefaultValue("20") int maxConnectionsPerUser) {
}
