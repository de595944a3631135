package dev.kassa.events;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Recomputes the hash chain of the sealed log from its first record and names the first that does not
 * hold. A record can be broken four ways: a seq is missing (a record was deleted), its content no longer
 * matches its hash (it was changed), its {@code prev_hash} is not the hash of the record before (a record
 * before it was replaced, hash and all), or the log does not end where the sealer recorded its last record
 * ({@code event_chain_head}, written in the sealing transaction): records deleted from the end. The head's seq and hash are in the answer: kept elsewhere, they anchor the log against
 * someone who rewrites the head too.
 */
@Service
public class EventVerifier {

	private static final int PAGE = 5000;

	private final EventStore store;

	EventVerifier(EventStore store) {
		this.store = store;
	}

	/**
	 * The outcome of a verification.
	 *
	 * @param checked how many sealed records were checked (up to the first broken one)
	 * @param lastSeq the last seq checked and found good
	 * @param brokenSeq the first broken record, {@code null} when all hold
	 * @param problem {@code record_missing}, {@code content_changed}, {@code chain_broken} or
	 *     {@code head_mismatch}
	 * @param headSeq the last seq the sealer recorded when verification began ({@code null}: nothing sealed)
	 * @param headHash its hash, hex
	 */
	public record Verification(boolean ok, long checked, long lastSeq, @Nullable Long brokenSeq,
			@Nullable String problem, @Nullable String detail, @Nullable Long headSeq, @Nullable String headHash) {

		/** One line for a terminal. */
		public String describe() {
			if (ok) {
				return "OK: " + checked + " events, chain intact up to seq " + lastSeq
						+ (headHash == null ? "" : "; head hash " + headHash);
			}
			return "BROKEN at seq " + brokenSeq + " (" + problem + "): " + detail;
		}
	}

	/** Verifies the log up to the head as it stands when it begins: records sealed meanwhile wait for the next run. */
	public Verification verify() {
		var head = store.head().orElse(null);
		long end = head == null ? Long.MAX_VALUE : head.seq();
		long expected = 1;
		long checked = 0;
		byte[] previousHash = null;
		while (expected <= end) {
			var page = store.sealedAfter(expected - 1, PAGE);
			for (var record : page) {
				var content = record.content();
				if (content.seq() > end) {
					break;
				}
				if (content.seq() != expected) {
					return broken(head, checked, expected, "record_missing", "no record with seq " + expected
							+ " (the next one is " + content.seq() + "): it was deleted");
				}
				var recomputed = EventChain.hash(record.prevHash(), content);
				if (!Arrays.equals(recomputed, record.hash())) {
					return broken(head, checked, expected, "content_changed", "event " + content.id() + " ("
							+ content.type() + ") no longer matches its hash: its content was changed");
				}
				if (!Arrays.equals(record.prevHash(), previousHash)) {
					return broken(head, checked, expected, "chain_broken", "its prev_hash is not the hash of seq "
							+ (expected - 1) + ": a record before it was replaced");
				}
				previousHash = record.hash();
				checked++;
				expected++;
			}
			if (page.size() < PAGE) {
				break;
			}
		}
		if (head != null && expected - 1 < head.seq()) {
			return broken(head, checked, expected, "record_missing", "the log ends at seq " + (expected - 1)
					+ " but the sealer recorded seq " + head.seq() + " as its last: the records after it were deleted");
		}
		if (head != null && !Arrays.equals(previousHash, head.hash())) {
			return broken(head, checked - 1, expected - 1, "head_mismatch", "the record at seq " + head.seq()
					+ " is not the one the sealer recorded as its last: it was replaced");
		}
		if (head == null && checked > 0) {
			return broken(null, checked, expected, "head_mismatch", "the log has " + checked
					+ " sealed records but the sealer's record of its last one is gone");
		}
		return new Verification(true, checked, expected - 1, null, null, null, head == null ? null : head.seq(),
				head == null ? null : EventChain.hex(head.hash()));
	}

	private static Verification broken(EventStore.@Nullable Head head, long checked, long seq, String problem,
			String detail) {
		return new Verification(false, checked, seq - 1, seq, problem, detail, head == null ? null : head.seq(),
				head == null ? null : EventChain.hex(head.hash()));
	}
}
