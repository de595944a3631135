package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Which access tokens a revocation ends: those issued before it, to the millisecond. */
class TokenRevocationsTests {

	private final TokenRevocations revocations = new TokenRevocations(new SecuritySettings(null, Duration.ofMinutes(5),
			Duration.ofDays(14), null, 4, 64, List.of(), List.of(), true, true, Duration.ofSeconds(10), List.of(), null));

	@Test
	void aTokenFromTheSameSecondButEarlierIsRefusedAndOneFromLaterInThatSecondIsKept() {
		var user = UUID.randomUUID();
		var at = Instant.parse("2026-12-07T10:00:00.500Z");
		revocations.revokeBefore(user, at);
		assertThat(revocations.revoked(user, Instant.parse("2026-12-07T10:00:00.100Z"))).isTrue();
		assertThat(revocations.revoked(user, Instant.parse("2026-12-07T10:00:00.900Z"))).isFalse();
		// a token that says only "iat" (whole seconds) counts from the start of its second: refused
		assertThat(revocations.revoked(user, Instant.parse("2026-12-07T10:00:00Z"))).isTrue();
		assertThat(revocations.revoked(UUID.randomUUID(), Instant.parse("2026-12-07T09:00:00Z"))).isFalse();
	}

	@Test
	void theLaterOfTwoRevocationsHolds() {
		var user = UUID.randomUUID();
		revocations.revokeBefore(user, Instant.parse("2026-12-07T10:00:05Z"));
		revocations.revokeBefore(user, Instant.parse("2026-12-07T10:00:01Z"));
		assertThat(revocations.revoked(user, Instant.parse("2026-12-07T10:00:03Z"))).isTrue();
	}
}
