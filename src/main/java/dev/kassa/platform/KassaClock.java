package dev.kassa.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Kassa's clock: PostgreSQL's clock as last read by {@link ClockCorrection}, carried forward by this process's
 * monotonic timer ({@code System.nanoTime}), so that every instance on one database dates alike (a sale's
 * business day, a document's financial year, a token's lifetime) however far its host's wall clock is off, and
 * a host clock that jumps (a wrong NTP step, an operator's {@code date -s}) changes nothing. Before the first
 * reading, and only then, it is the host's clock. Every module takes the time from here, never from
 * {@code Clock.systemUTC()} or {@code Instant.now()}.
 */
public final class KassaClock extends Clock {

	private static final KassaClock UTC = new KassaClock(ZoneOffset.UTC);

	/** The fault campaign's: how wrong the host's clock is taken to be (fault 8 of docs/reliability.md). */
	private static volatile long hostSkewNanos;

	/** The database's time at a reading of the monotonic timer; null before the first. */
	private record Anchor(long nanos, Instant at) {
	}

	private static volatile @org.jspecify.annotations.Nullable Anchor anchor;

	/** The database's time minus the host's, at the last reading: what the host's clock is off by. */
	private static volatile long offsetNanos;

	private final ZoneId zone;

	private KassaClock(ZoneId zone) {
		this.zone = zone;
	}

	/** The corrected clock in UTC. */
	public static Clock utc() {
		return UTC;
	}

	/** The corrected time. */
	public static Instant now() {
		return UTC.instant();
	}

	/** For the fault campaign: makes the host's clock read {@code skew} off from now on, as a host whose clock jumped. */
	public static void skewHost(Duration skew) {
		hostSkewNanos = skew.toNanos();
	}

	/** The host's clock as this process reads it, skew included, uncorrected. */
	static Instant host() {
		return Instant.now().plusNanos(hostSkewNanos);
	}

	/** Anchors the clock: the database read {@code at} when the monotonic timer read {@code nanos}. */
	static void anchor(long nanos, Instant at, Duration offset) {
		anchor = new Anchor(nanos, at);
		offsetNanos = offset.toNanos();
	}

	/** How far the host's clock was off the database's at the last reading. */
	public static Duration hostOffset() {
		return Duration.ofNanos(offsetNanos);
	}

	@Override
	public ZoneId getZone() {
		return zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return zone.equals(this.zone) ? this : new KassaClock(zone);
	}

	@Override
	public Instant instant() {
		var a = anchor;
		return a == null ? host() : a.at().plusNanos(System.nanoTime() - a.nanos());
	}

	@Override
	public long millis() {
		return instant().toEpochMilli();
	}
}
