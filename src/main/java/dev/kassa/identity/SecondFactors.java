package dev.kassa.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.Sealing;
import dev.kassa.platform.SecuritySettings;

/**
 * Checks a second factor's code: the current TOTP code (one step of clock skew either way, each step's code
 * good once) or one of the user's recovery codes (good once). Also knows who must have a factor.
 */
@Component
class SecondFactors {

	private static final Logger log = LoggerFactory.getLogger(SecondFactors.class);

	static final int RECOVERY_CODES = 10;

	/** Recovery codes are 10 letters and digits of the Base32 alphabet (50 bits), shown as {@code xxxxx-xxxxx}. */
	private static final Pattern RECOVERY = Pattern.compile("[a-z2-7]{10}");

	private static final Pattern TOTP = Pattern.compile("[0-9]{6}");

	private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

	private final TotpFactors factors;

	private final SecuritySettings settings;

	private final SecureRandom random = new SecureRandom();

	SecondFactors(TotpFactors factors, SecuritySettings settings) {
		this.factors = factors;
		this.settings = settings;
	}

	/** What kind of code was typed, once its spaces and dashes are dropped. */
	enum Kind {
		TOTP, RECOVERY
	}

	/** A code as typed, read: 6 digits, or a recovery code (letters in either case, with or without its dash). */
	record Code(Kind kind, String value) {

		@Override
		public String toString() {
			return "Code[" + kind + "]";
		}
	}

	/** What checking a code found: whether it held, and whether it was a recovery code (then how many are left). */
	record Verdict(boolean accepted, Kind kind, long recoveryCodesLeft) {
	}

	/**
	 * Reads a typed code, or refuses it as 400 naming {@code field}: anything but 6 digits or a recovery code is a
	 * typing mistake, not a guess, and is not counted.
	 */
	static Code parse(String field, String typed) {
		var compact = typed.replace(" ", "").replace("-", "").toLowerCase(Locale.ROOT);
		if (TOTP.matcher(compact).matches()) {
			return new Code(Kind.TOTP, compact);
		}
		if (RECOVERY.matcher(compact).matches()) {
			return new Code(Kind.RECOVERY, compact);
		}
		throw ApiException.invalid(field, "must be the 6 digits the authenticator app shows, or a recovery code");
	}

	/** Whether the user's roles require a factor (kassa.security.totp-required-roles). */
	boolean required(User user) {
		return settings.totpRequiredRoles().stream().anyMatch(user.roles()::contains);
	}

	boolean active(UUID userId) {
		return factors.active(userId);
	}

	/** Whether a user without a factor must set one up before their token reaches anything else. */
	boolean mustEnrol(User user) {
		return required(user) && !factors.active(user.id());
	}

	/**
	 * Checks and spends a code of the user's active factor; a code is spent by one statement, so that it is
	 * accepted once however many requests bring it. Run inside the transaction that acts on it, so that a later
	 * refusal gives the code back.
	 */
	Verdict verify(UUID userId, Code code, Instant now) {
		if (code.kind() == Kind.RECOVERY) {
			// recovery codes are hashes, not sealed: they sign in even when the secret does not open
			boolean spent = factors.active(userId)
					&& factors.spendRecoveryCode(userId, hashRecoveryCode(userId, code.value()), now);
			return new Verdict(spent, Kind.RECOVERY, spent ? factors.recoveryCodesLeft(userId) : 0);
		}
		TotpFactors.Factor factor;
		try {
			factor = factors.find(userId).filter(TotpFactors.Factor::active).orElse(null);
		}
		catch (Sealing.Unreadable ex) {
			// sealed with another key (restored without the secrets-key file): no code matches; a recovery code
			// or an admin's reset gets the user in
			log.error("user {}'s TOTP secret does not open: {}", userId, ex.getMessage());
			return new Verdict(false, Kind.TOTP, 0);
		}
		if (factor == null) {
			return new Verdict(false, code.kind(), 0);
		}
		var step = TotpCodes.matchingStep(factor.secret(), code.value(), TotpCodes.step(now));
		return new Verdict(step.isPresent() && factors.spendStep(userId, step.getAsLong()), Kind.TOTP, 0);
	}

	/** New recovery codes, as shown to the user once ({@code xxxxx-xxxxx}). */
	List<String> newRecoveryCodes() {
		var codes = new ArrayList<String>();
		while (codes.size() < RECOVERY_CODES) {
			var code = new StringBuilder();
			for (int i = 0; i < 10; i++) {
				code.append(ALPHABET[random.nextInt(ALPHABET.length)]);
			}
			var text = code.substring(0, 5) + "-" + code.substring(5);
			if (!codes.contains(text)) {
				codes.add(text);
			}
		}
		return codes;
	}

	/**
	 * The stored form of a recovery code: SHA-256 of the user's id and the code without its dash, so that one
	 * guess against a leaked table tries one user's code, not every user's.
	 */
	static byte[] hashRecoveryCode(UUID userId, String code) {
		var compact = code.replace("-", "").toLowerCase(Locale.ROOT);
		return Tokens.hash(userId + ":" + compact);
	}

	byte[] newSecret() {
		var secret = new byte[TotpCodes.SECRET_BYTES];
		random.nextBytes(secret);
		return secret;
	}

}
