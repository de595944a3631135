package dev.kassa.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for the secrets Kassa must read back (a webhook's signing secret, a TOTP seed), so that a copy
 * of the database (a backup, a replica, a dump handed to support) does not give them away. Each value is bound
 * to what it belongs to (its owner's id as associated data): a sealed value copied into another row does not
 * open there. The sealed form is the 12 byte IV followed by the ciphertext and its 128 bit tag; the key id
 * (the first 4 bytes of the key's SHA-256, hex) tells a wrong key from a damaged value.
 */
public final class Sealing {

	private static final int IV_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private Sealing() {
	}

	/**
	 * A key as configured.
	 *
	 * @param property the setting it came from, for the message when it is not base64 of 32 bytes
	 */
	public static SecretKeySpec key(String configured, String property) {
		byte[] bytes;
		try {
			bytes = Base64.getDecoder().decode(configured.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(property + " must be base64", ex);
		}
		return key(bytes, property);
	}

	public static SecretKeySpec key(byte[] bytes, String property) {
		if (bytes.length != 32) {
			throw new IllegalArgumentException(property + " must be 32 bytes (base64 of 32 random bytes, e.g. "
					+ "`openssl rand -base64 32`), not " + bytes.length);
		}
		return new SecretKeySpec(bytes, "AES");
	}

	public static String id(SecretKeySpec key) {
		try {
			return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 4));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The value sealed for its owner: IV, ciphertext and tag. */
	public static byte[] seal(SecretKeySpec key, UUID owner, byte[] plain) {
		var iv = new byte[IV_BYTES];
		RANDOM.nextBytes(iv);
		byte[] sealed = crypt(Cipher.ENCRYPT_MODE, key, iv, owner, plain);
		var out = new byte[IV_BYTES + sealed.length];
		System.arraycopy(iv, 0, out, 0, IV_BYTES);
		System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
		return out;
	}

	/**
	 * The value {@link #seal} sealed for this owner.
	 *
	 * @throws Unreadable when it is damaged, another owner's, or sealed with another key
	 */
	public static byte[] open(SecretKeySpec key, UUID owner, byte[] sealed) {
		if (sealed.length <= IV_BYTES) {
			throw new Unreadable("damaged");
		}
		var iv = Arrays.copyOf(sealed, IV_BYTES);
		return crypt(Cipher.DECRYPT_MODE, key, iv, owner, Arrays.copyOfRange(sealed, IV_BYTES, sealed.length));
	}

	/** A sealed value that does not open; the message says why, without the value. */
	public static final class Unreadable extends RuntimeException {

		public Unreadable(String message) {
			super(message, null, false, false);
		}

		Unreadable(String message, Throwable cause) {
			super(message, cause, false, false);
		}
	}

	private static byte[] crypt(int mode, SecretKeySpec key, byte[] iv, UUID owner, byte[] input) {
		try {
			var cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
			cipher.updateAAD(owner.toString().getBytes(StandardCharsets.US_ASCII));
			return cipher.doFinal(input);
		}
		catch (AEADBadTagException ex) {
			throw new Unreadable("damaged or not its own", ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM is not available", ex);
		}
	}
}
