package dev.kassa.events;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Recomputes the hash chain of the sealed log from its first record and names the first that does not
 * hold. Three ways a record can be broken: a seq is missing (a record was deleted), its content no longer
 * matches its hash (it was changed), or its {@code prev_hash} is not the hash of the record before (a
 * record before it was replaced, hash and all). The last records deleted from the end cannot be told from
 * a shorter log; an export of the last seq and hash kept elsewhere covers that.
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
	 * @param problem {@code record_missing}, {@code content_changed} or {@code chain_broken}
	 */
	public record Verification(boolean ok, long checked, long lastSeq, @Nullable Long brokenSeq,
			@Nullable String problem, @Nullable String detail) {

		/** One line for a terminal. */
		public String describe() {
			if (ok) {
				return "OK: " + checked + " events, chain intact up to seq " + lastSeq;
			}
			return "BROKEN at seq " + brokenSeq + " (" + problem + "): " + detail;
		}
	}

	public Verification verify() {
		long expected = 1;
		long checked = 0;
		byte[] previousHash = null;
		while (true) {
			var page = store.sealedAfter(expected - 1, PAGE);
			for (var record : page) {
				var content = record.content();
				if (content.seq() != expected) {
					return broken(checked, expected, "record_missing", "no record with seq " + expected
							+ " (the next one is " + content.seq() + "): it was deleted");
				}
				var recomputed = EventChain.hash(record.prevHash(), content);
				if (!Arrays.equals(recomputed, record.hash())) {
					return broken(checked, expected, "content_changed", "event " + content.id() + " ("
							+ content.type() + ") no longer matches its hash: its content was changed");
				}
				if (!Arrays.equals(record.prevHash(), previousHash)) {
					return broken(checked, expected, "chain_broken", "its prev_hash is not the hash of seq "
							+ (expected - 1) + ": a record before it was replaced");
				}
				previousHash = record.hash();
				checked++;
				expected++;
			}
			if (page.size() < PAGE) {
				return new Verification(true, checked, expected - 1, null, null, null);
			}
		}
	}

	private static Verification broken(long checked, long seq, String problem, String detail) {
		return new Verification(false, checked, seq - 1, seq, problem, detail);
	}
}
