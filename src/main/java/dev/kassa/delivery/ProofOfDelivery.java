package dev.kassa.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.notifications.Messages;
import dev.kassa.notifications.OutboundMessage;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Ids;

/**
 * Proof of delivery. A location requires none, a one-time code, an upload (signature or photo), either or both
 * before a stop is marked delivered. The code is six digits sent to the recipient's phone on WhatsApp through the
 * notifications outbox (in the transaction that stores it, so a code exists if and only if its message does),
 * kept only as a salted SHA-256, valid {@link #CODE_TTL}, sent at most {@link #MAX_SENDS} times a stop, and
 * checked at most {@link #MAX_ATTEMPTS} times a stop over all its codes: each attempt is counted by one guarded
 * UPDATE in a transaction of its own (a wrong code still counts), so parallel guesses cannot pass the limit, and
 * the stop is then locked. Uploads are PNG, JPEG or WebP (the declared type must match the bytes), at most
 * {@link #MAX_FILE_BYTES}, at most {@link #MAX_FILES} a stop; they are kept in the database with their size and
 * SHA-256 and read back by ADMIN and MANAGER.
 */
@Service
public class ProofOfDelivery {

	static final Duration CODE_TTL = Duration.ofMinutes(15);

	static final int MAX_SENDS = 3;

	static final int MAX_ATTEMPTS = 5;

	static final int MAX_FILE_BYTES = 512 * 1024;

	static final int MAX_FILES = 5;

	static final List<String> IMAGE_TYPES = List.of("image/png", "image/jpeg", "image/webp");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Routes routes;

	private final DeliveryOrderStore orders;

	private final ProofStore store;

	private final Locations locations;

	private final Messages messages;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	ProofOfDelivery(Routes routes, DeliveryOrderStore orders, ProofStore store, Locations locations, Messages messages,
			EventLog events, TransactionTemplate transactions) {
		this.routes = routes;
		this.orders = orders;
		this.store = store;
		this.locations = locations;
		this.messages = messages;
		this.events = events;
		this.transactions = transactions;
	}

	public record RequirementInput(@NotNull ProofRequirement required) {
	}

	public record Requirement(UUID locationId, ProofRequirement required) {
	}

	public record CodeInput(@NotBlank @Pattern(regexp = "[0-9]{6}", message = "must be six digits") String code) {
	}

	/**
	 * A signature or photo.
	 *
	 * @param data the image, base64 (standard alphabet)
	 */
	public record UploadInput(@NotNull Kind kind, @NotBlank String contentType, @NotBlank String data) {
	}

	public enum Kind {
		SIGNATURE, PHOTO
	}

	/** A code sent: where (masked) and until when; never the code. */
	public record CodeSent(UUID stopId, String sentTo, String messageReference, int sends, int sendsLeft, int attemptsLeft,
			Instant expiresAt) {
	}

	public record CodeChecked(UUID stopId, boolean verified, Instant verifiedAt) {
	}

	public record CodeState(String sentTo, String messageReference, int sends, int attempts, int attemptsLeft, boolean locked,
			Instant sentAt, Instant expiresAt, @Nullable Instant verifiedAt) {
	}

	public record FileView(UUID id, String kind, String contentType, int sizeBytes, String sha256,
			@Nullable UUID uploadedBy, Instant uploadedAt) {
	}

	/**
	 * @param deliveredWith how the delivered stop was proven (CODE, UPLOAD, CODE_AND_UPLOAD), null before or without
	 */
	public record Proof(UUID routeId, UUID stopId, UUID deliveryOrderId, String stopStatus, ProofRequirement required,
			@Nullable CodeState code, List<FileView> files, @Nullable String deliveredWith) {
	}

	public record FileContent(String contentType, byte[] content) {
	}

	// Settings

	public Requirement requirement(UUID locationId, CurrentUser user) {
		user.requireLocation(locationId);
		locations.get(locationId);
		return new Requirement(locationId, required(locationId));
	}

	public Requirement setRequirement(UUID locationId, RequirementInput input, CurrentUser user) {
		user.requireLocation(locationId);
		locations.get(locationId);
		return transactions.execute(tx -> {
			store.setRequired(locationId, input.required(), clock.instant());
			var result = new Requirement(locationId, input.required());
			events.append("delivery_proof.required_set", "delivery_depot", locationId, locationId, result);
			return result;
		});
	}

	ProofRequirement required(UUID locationId) {
		return store.required(locationId).orElse(ProofRequirement.NONE);
	}

	// Codes

	/** Sends a new code to the stop's recipient; the previous one, if any, no longer works. */
	public CodeSent sendCode(UUID routeId, UUID stopId, CurrentUser user) {
		var route = routes.get(routeId, user);
		var stop = openStop(route, stopId);
		var order = orders.find(stop.deliveryOrderId()).orElseThrow();
		var code = String.format("%06d", RANDOM.nextInt(1_000_000));
		var salt = HexFormat.of().formatHex(salt());
		var now = clock.instant();
		var expires = now.plus(CODE_TTL);
		return transactions.execute(tx -> {
			lockOpen(stopId);
			messages.enqueue(OutboundMessage.whatsAppText(order.recipientPhone(),
					"Your delivery code is " + code + ". Give it to the driver only when your cylinders are handed "
							+ "over. It is valid for " + CODE_TTL.toMinutes() + " minutes.")
				.atLocation(route.locationId())
				.about(reference(stopId)));
			var sends = store.putCode(stopId, routeId, salt, hash(salt, code), order.recipientPhone(),
					now, expires, MAX_SENDS, MAX_ATTEMPTS);
			if (sends.isEmpty()) {
				var existing = store.code(stopId).orElseThrow();
				if (existing.verifiedAt() != null) {
					throw ApiException.conflict("code_verified", "The stop's code was verified already");
				}
				if (existing.attempts() >= MAX_ATTEMPTS) {
					throw locked();
				}
				throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_codes",
						"A stop is sent at most " + MAX_SENDS + " codes; this one has had them");
			}
			var attempts = store.code(stopId).orElseThrow().attempts();
			var sent = new CodeSent(stopId, masked(order.recipientPhone()), reference(stopId), sends.get(),
					MAX_SENDS - sends.get(), MAX_ATTEMPTS - attempts, expires);
			events.append("delivery_proof.code_sent", "route", routeId, route.locationId(), sent);
			return sent;
		});
	}

	/**
	 * Checks a code the driver entered. Each check is counted in a transaction of its own before the answer, so a
	 * wrong code counts though the request is refused.
	 */
	public CodeChecked checkCode(UUID routeId, UUID stopId, CodeInput input, CurrentUser user) {
		var route = routes.get(routeId, user);
		openStop(route, stopId);
		var existing = store.code(stopId)
			.orElseThrow(() -> ApiException.conflict("no_code_sent", "No code was sent for stop " + stopId
					+ "; send one with POST .../proof-code"));
		if (existing.verifiedAt() != null) {
			return new CodeChecked(stopId, true, existing.verifiedAt());
		}
		var now = clock.instant();
		record Outcome(@Nullable ApiException refusal, @Nullable Instant verifiedAt) {
		}
		var outcome = transactions.execute(tx -> {
			var code = store.countAttempt(stopId, MAX_ATTEMPTS);
			if (code.isEmpty()) {
				var current = store.code(stopId).orElseThrow();
				if (current.verifiedAt() != null) {
					return new Outcome(null, current.verifiedAt());
				}
				return new Outcome(locked(), null);
			}
			var c = code.get();
			boolean expired = !now.isBefore(c.expiresAt());
			boolean right = !expired && MessageDigest.isEqual(hash(c.salt(), input.code()).getBytes(StandardCharsets.US_ASCII),
					c.codeHash().getBytes(StandardCharsets.US_ASCII));
			var payload = new LinkedHashMap<String, Object>();
			payload.put("stop_id", stopId);
			payload.put("attempt", c.attempts());
			payload.put("verified", right);
			payload.put("expired", expired);
			events.append("delivery_proof.code_checked", "route", routeId, route.locationId(), payload);
			if (right) {
				store.verify(stopId, now);
				return new Outcome(null, now);
			}
			int left = MAX_ATTEMPTS - c.attempts();
			if (expired) {
				return new Outcome(new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "code_expired",
						"The code expired at " + c.expiresAt() + "; send a new one", List.of(),
						Map.of("attempts_left", left)), null);
			}
			return new Outcome(new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "wrong_code",
					left == 0 ? "The code is wrong; no attempts are left and the stop's code is locked"
							: "The code is wrong; " + left + " attempts left",
					List.of(new ApiException.FieldError("code", "is not the code sent")), Map.of("attempts_left", left)),
					null);
		});
		if (outcome.refusal() != null) {
			throw outcome.refusal();
		}
		return new CodeChecked(stopId, true, Objects.requireNonNull(outcome.verifiedAt(), "a code that is not refused is verified"));
	}

	// Uploads

	public FileView upload(UUID routeId, UUID stopId, UploadInput input, CurrentUser user) {
		var route = routes.get(routeId, user);
		openStop(route, stopId);
		var type = input.contentType().strip().toLowerCase(java.util.Locale.ROOT);
		if (!IMAGE_TYPES.contains(type)) {
			throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not_an_image",
					"A proof is one of " + IMAGE_TYPES + ", not " + input.contentType(),
					List.of(new ApiException.FieldError("content_type", "must be one of " + IMAGE_TYPES)), Map.of());
		}
		// base64 takes 4 characters for 3 bytes: longer text cannot decode to an allowed size
		if (input.data().length() > (MAX_FILE_BYTES + 2) / 3 * 4 + 4) {
			throw tooLarge();
		}
		byte[] content;
		try {
			content = Base64.getMimeDecoder().decode(input.data());
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalid("data", "is not base64");
		}
		if (content.length == 0) {
			throw ApiException.invalid("data", "is empty");
		}
		if (content.length > MAX_FILE_BYTES) {
			throw tooLarge();
		}
		if (!type.equals(sniff(content))) {
			throw new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not_an_image",
					"The data is not a " + type + " image" + (sniff(content) == null ? "" : " (it is " + sniff(content) + ")"),
					List.of(new ApiException.FieldError("data", "is not a " + type + " image")), Map.of());
		}
		var info = new ProofStore.FileInfo(Ids.next(), stopId, input.kind().name(), type, content.length,
				HexFormat.of().formatHex(sha256(content)), user.id(), clock.instant());
		return transactions.execute(tx -> {
			lockOpen(stopId);
			if (store.fileCount(stopId) >= MAX_FILES) {
				throw ApiException.conflict("too_many_files", "A stop keeps at most " + MAX_FILES + " proofs");
			}
			store.insertFile(info, content);
			var view = view(info);
			events.append("delivery_proof.uploaded", "route", routeId, route.locationId(),
					Map.of("stop_id", stopId, "file", view));
			return view;
		});
	}

	// Reading

	public Proof proof(UUID routeId, UUID stopId, CurrentUser user) {
		var route = routes.get(routeId, user);
		var stop = stopOf(route, stopId);
		var code = store.code(stopId)
			.map(c -> new CodeState(masked(c.sentTo()), reference(stopId), c.sends(), c.attempts(),
					MAX_ATTEMPTS - c.attempts(), c.verifiedAt() == null && c.attempts() >= MAX_ATTEMPTS, c.sentAt(),
					c.expiresAt(), c.verifiedAt()))
			.orElse(null);
		return new Proof(routeId, stopId, stop.deliveryOrderId(), stop.status(), required(route.locationId()), code,
				store.files(stopId).stream().map(ProofOfDelivery::view).toList(), store.stopProof(stopId));
	}

	public FileContent file(UUID routeId, UUID stopId, UUID fileId, CurrentUser user) {
		var route = routes.get(routeId, user);
		stopOf(route, stopId);
		var info = store.files(stopId).stream().filter(f -> f.id().equals(fileId)).findFirst()
			.orElseThrow(() -> ApiException.notFound("Proof file", fileId));
		return new FileContent(info.contentType(), store.content(stopId, fileId).orElseThrow());
	}

	/**
	 * In the transaction that delivers a stop, under the route's lock: the proof the location requires, or 422
	 * {@code proof_required}; the answer is how the stop was proven, for route_stops.proof.
	 */
	@Nullable
	static String proven(ProofStore store, UUID locationId, UUID stopId) {
		var required = store.required(locationId).orElse(ProofRequirement.NONE);
		boolean code = store.code(stopId).map(c -> c.verifiedAt() != null).orElse(false);
		boolean upload = store.fileCount(stopId) > 0;
		if (!required.satisfiedBy(code, upload)) {
			var missing = switch (required) {
				case CODE -> "the recipient's code, checked";
				case UPLOAD -> "a signature or photo";
				case CODE_OR_UPLOAD -> "the recipient's code, checked, or a signature or photo";
				case CODE_AND_UPLOAD -> (code ? "" : "the recipient's code, checked, and ")
						+ (upload ? "" : "a signature or photo");
				case NONE -> "";
			};
			throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "proof_required",
					"This location requires proof of delivery (" + required + "): " + missing.replaceAll(", and $", ""),
					List.of(), Map.of("required", required, "code_verified", code, "uploads", upload));
		}
		return code && upload ? "CODE_AND_UPLOAD" : code ? "CODE" : upload ? "UPLOAD" : null;
	}

	/** The outbox message's reference: {@code GET /api/v1/messages?reference=} finds the codes sent. */
	static String reference(UUID stopId) {
		return "route_stop:" + stopId;
	}

	private static RouteStop stopOf(Route route, UUID stopId) {
		return route.stops().stream().filter(s -> s.id().equals(stopId)).findFirst()
			.orElseThrow(() -> ApiException.notFound("Stop", stopId));
	}

	/** The stop, when proof can still be given for it: on a route IN_PROGRESS and not done. */
	private static RouteStop openStop(Route route, UUID stopId) {
		var stop = stopOf(route, stopId);
		if (route.status() != RouteStatus.IN_PROGRESS) {
			throw ApiException.conflict("route_not_started", "Route " + route.id() + " is " + route.status()
					+ "; proof is given on a route IN_PROGRESS", Map.of("status", route.status()));
		}
		if (!stop.status().equals("PENDING")) {
			throw ApiException.conflict("stop_done", "Stop " + stopId + " is " + stop.status() + " already",
					Map.of("status", stop.status()));
		}
		return stop;
	}

	private void lockOpen(UUID stopId) {
		var status = store.lockStop(stopId).orElseThrow(() -> ApiException.notFound("Stop", stopId));
		if (!status.equals("PENDING")) {
			throw ApiException.conflict("stop_done", "Stop " + stopId + " is " + status + " already",
					Map.of("status", status));
		}
	}

	private static ApiException locked() {
		return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "too_many_attempts", "The code was tried "
				+ MAX_ATTEMPTS + " times; the stop's code is locked (deliver with an upload if allowed, or fail the stop)");
	}

	private static ApiException tooLarge() {
		return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "proof_too_large",
				"A proof is at most " + MAX_FILE_BYTES + " bytes",
				List.of(new ApiException.FieldError("data", "is larger than " + MAX_FILE_BYTES + " bytes")), Map.of());
	}

	/** The image type the bytes start with, if PNG, JPEG or WebP. */
	static @Nullable String sniff(byte[] b) {
		if (b.length >= 8 && Arrays.equals(Arrays.copyOf(b, 8),
				new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a })) {
			return "image/png";
		}
		if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
			return "image/jpeg";
		}
		if (b.length >= 12 && new String(b, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")
				&& new String(b, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
			return "image/webp";
		}
		return null;
	}

	private static FileView view(ProofStore.FileInfo f) {
		return new FileView(f.id(), f.kind(), f.contentType(), f.sizeBytes(), f.sha256(), f.uploadedBy(), f.uploadedAt());
	}

	private static byte[] salt() {
		var salt = new byte[16];
		RANDOM.nextBytes(salt);
		return salt;
	}

	private static String hash(String salt, String code) {
		return HexFormat.of().formatHex(sha256((salt + ":" + code).getBytes(StandardCharsets.US_ASCII)));
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** +9198450 12345 as +91******345: enough to tell numbers apart on a screen. */
	static String masked(String phone) {
		return phone.length() <= 6 ? "***" : phone.substring(0, 3) + "*".repeat(phone.length() - 6)
				+ phone.substring(phone.length() - 3);
	}
}
