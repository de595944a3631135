package dev.kassa.identity;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.util.encoders.Base32;

/**
 * Time-based one-time passwords as RFC 6238 defines them, with the parameters every authenticator app
 * understands: HMAC-SHA1, 6 digits, 30 second steps from the Unix epoch, a 160-bit secret.
 */
final class TotpCodes {

	static final int DIGITS = 6;

	static final long PERIOD_SECONDS = 30;

	static final int SECRET_BYTES = 20;

	/** Steps either side of the current one that are accepted, for a clock a little off. */
	static final int SKEW_STEPS = 1;

	private static final int[] POWERS = { 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000 };

	private TotpCodes() {
	}

	/** The time step an instant falls in. */
	static long step(Instant at) {
		return Math.floorDiv(at.getEpochSecond(), PERIOD_SECONDS);
	}

	/** The code of {@code step} with {@code digits} digits (RFC 4226 dynamic truncation), zero-padded. */
	static String code(byte[] secret, long step, int digits) {
		if (digits < 1 || digits > 8) {
			throw new IllegalArgumentException("digits must be 1 to 8");
		}
		byte[] hash;
		try {
			var mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(secret, "HmacSHA1"));
			hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA1 is part of every Java runtime", ex);
		}
		int offset = hash[hash.length - 1] & 0x0f;
		int binary = (hash[offset] & 0x7f) << 24 | (hash[offset + 1] & 0xff) << 16 | (hash[offset + 2] & 0xff) << 8
				| (hash[offset + 3] & 0xff);
		var text = Integer.toString(binary % POWERS[digits]);
		return "0".repeat(digits - text.length()) + text;
	}

	static String code(byte[] secret, long step) {
		return code(secret, step, DIGITS);
	}

	/**
	 * The step, within {@link #SKEW_STEPS} of {@code current}, whose code {@code code} is; empty when none is.
	 * Every candidate is computed and compared in constant time, so the answer's timing does not tell which
	 * digits were right; when two steps happen to share a code the later one is taken (a replay guard then
	 * refuses both).
	 */
	static OptionalLong matchingStep(byte[] secret, String code, long current) {
		var given = code.getBytes(StandardCharsets.US_ASCII);
		long found = Long.MIN_VALUE;
		for (long step = current - SKEW_STEPS; step <= current + SKEW_STEPS; step++) {
			var expected = code(secret, step).getBytes(StandardCharsets.US_ASCII);
			boolean same = MessageDigest.isEqual(expected, given);
			found = same ? step : found;
		}
		return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
	}

	/** The secret in Base32 (RFC 4648, upper case, no padding for 20 bytes), as authenticator apps take it. */
	static String base32(byte[] secret) {
		return Base32.toBase32String(secret).replace("=", "");
	}

	/**
	 * The Key URI an authenticator app reads (as a QR code or pasted):
	 * {@code otpauth://totp/Kassa:<username>?secret=...&issuer=Kassa&algorithm=SHA1&digits=6&period=30}.
	 */
	static String uri(String issuer, String account, byte[] secret) {
		return "otpauth://totp/" + encode(issuer) + ":" + encode(account) + "?secret=" + base32(secret) + "&issuer="
				+ encode(issuer) + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + PERIOD_SECONDS;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
