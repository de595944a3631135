package dev.kassa.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** RFC 6238's own test vectors (Appendix B, the SHA1 rows), and the window and encodings around them. */
class TotpCodesTests {

	private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

	@Test
	void theRfc6238AppendixBVectorsForSha1() {
		assertThat(code(59)).isEqualTo("94287082");
		assertThat(code(1111111109)).isEqualTo("07081804");
		assertThat(code(1111111111)).isEqualTo("14050471");
		assertThat(code(1234567890)).isEqualTo("89005924");
		assertThat(code(2000000000)).isEqualTo("69279037");
		assertThat(code(20000000000L)).isEqualTo("65353130");
	}

	@Test
	void sixDigitsAreTheLastSixOfTheEight() {
		long step = TotpCodes.step(Instant.ofEpochSecond(1111111109));
		assertThat(TotpCodes.code(RFC_SECRET, step)).isEqualTo("081804");
	}

	@Test
	void oneStepOfSkewEitherWayIsAcceptedAndNoMore() {
		long now = TotpCodes.step(Instant.ofEpochSecond(1234567890));
		for (long offset = -1; offset <= 1; offset++) {
			assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, now + offset), now))
				.hasValue(now + offset);
		}
		assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, now - 2), now)).isEmpty();
		assertThat(TotpCodes.matchingStep(RFC_SECRET, TotpCodes.code(RFC_SECRET, now + 2), now)).isEmpty();
		assertThat(TotpCodes.matchingStep(RFC_SECRET, "12345", now)).isEmpty();
	}

	@Test
	void theSecretAsBase32AndAsAKeyUri() {
		assertThat(TotpCodes.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
		assertThat(TotpCodes.uri("Kassa", "meera@shop", RFC_SECRET)).isEqualTo("otpauth://totp/Kassa:meera%40shop"
				+ "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Kassa&algorithm=SHA1&digits=6&period=30");
	}

	@Test
	void typedCodesAreReadWithOrWithoutSpacesAndDashes() {
		assertThat(SecondFactors.parse("code", " 123 456 ").kind()).isEqualTo(SecondFactors.Kind.TOTP);
		assertThat(SecondFactors.parse("code", "ABCDE-FGH23").kind()).isEqualTo(SecondFactors.Kind.RECOVERY);
		assertThat(SecondFactors.parse("code", "abcdefgh23").value()).isEqualTo("abcdefgh23");
		for (var wrong : new String[] { "12345", "1234567", "abcde-fgh1", "12345a", "" }) {
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> SecondFactors.parse("code", wrong))
				.as(wrong).isInstanceOf(dev.kassa.platform.ApiException.class);
		}
	}

	private static String code(long epochSecond) {
		return TotpCodes.code(RFC_SECRET, TotpCodes.step(Instant.ofEpochSecond(epochSecond)), 8);
	}
}
