package dev.kassa.numbering;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.organization.Locations;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.Ids;
import dev.kassa.platform.SqlPart;

/**
 * Blocks of sale numbers reserved in advance for a terminal that may sell offline. A block is cut from the
 * location's SALE series in one update of the series row, as a sale takes its number, so blocks and direct
 * sales share the series without overlap. Each number of a block ends as a sale (USED) or, when the block is
 * handed back, as CANCELLED with the reason; so the series remains 1..N with every number explained.
 */
@Service
public class NumberBlocks {

	/** The most numbers one block holds. */
	public static final int MAX_SIZE = 1000;

	private final NumberBlockStore store;

	private final DocumentNumbers numbers;

	private final Locations locations;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	NumberBlocks(NumberBlockStore store, DocumentNumbers numbers, Locations locations, EventLog events,
			PlatformTransactionManager transactionManager) {
		this.store = store;
		this.numbers = numbers;
		this.locations = locations;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
	}

	/**
	 * Reserves {@code size} consecutive numbers of the location's SALE series for today (the location's day)
	 * for the terminal, in a transaction of its own. Refuses with 409 as {@link DocumentNumbers#take} does
	 * when the series cannot give them (no year, no series, too few left).
	 */
	public NumberBlock reserve(UUID terminalId, UUID locationId, int size, UUID userId) {
		if (size < 1 || size > MAX_SIZE) {
			throw ApiException.invalid("size", "must be between 1 and " + MAX_SIZE);
		}
		var now = clock.instant();
		var date = LocalDate.ofInstant(now, ZoneId.of(locations.get(locationId).timeZone()));
		var id = Ids.next();
		return transactions.execute(tx -> {
			var cut = store.cut(DocumentType.SALE, locationId, date, size).orElse(null);
			if (cut == null) {
				throw numbers.whyNoNumber(DocumentType.SALE, locationId, date)
					.orElseGet(() -> ApiException.conflict("document_series_exhausted",
							"The SALE series has fewer than " + size + " numbers left; ask for a smaller block"));
			}
			store.insert(id, cut, terminalId, locationId, userId, now);
			var block = store.find(id).orElseThrow();
			events.append("number_block.reserved", "number_block", id, locationId, block);
			return block;
		});
	}

	public Optional<NumberBlock> find(UUID id) {
		return store.find(id);
	}

	/** The terminal's blocks, newest first (at most 200); only the open ones when {@code openOnly}. */
	public List<NumberBlock> ofTerminal(UUID terminalId, boolean openOnly) {
		return store.ofTerminal(terminalId, openOnly);
	}

	/**
	 * Hands a block back: it is RELEASED and its numbers no sale took are CANCELLED with the reason. Runs in
	 * the caller's transaction when there is one. 409 number_block_released when it was released already.
	 */
	public NumberBlock release(UUID blockId, String reason, UUID userId) {
		return inTransaction(() -> {
			var block = store.find(blockId).orElseThrow(() -> ApiException.notFound("Number block", blockId));
			if (!store.release(blockId, reason, userId, clock.instant())) {
				throw ApiException.conflict("number_block_released", "The number block " + block.firstNumber() + ".."
						+ block.lastNumber() + " was handed back already");
			}
			var cancelled = store.cancelFree(blockId, reason);
			var released = store.find(blockId).orElseThrow();
			events.append("number_block.released", "number_block", blockId, block.locationId(),
					Map.of("block", released, "cancelled_numbers", cancelled, "reason", reason));
			return released;
		});
	}

	/**
	 * Hands back every open block of the terminal (a session closing), in the caller's transaction; answers
	 * how many were released.
	 */
	public int releaseAll(UUID terminalId, String reason, UUID userId) {
		return inTransaction(() -> {
			var open = store.lockOpen(terminalId);
			open.forEach(id -> release(id, reason, userId));
			return open.size();
		});
	}

	private <T> T inTransaction(java.util.function.Supplier<T> work) {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return work.get();
		}
		return transactions.execute(tx -> work.get());
	}

	/**
	 * One number of a terminal's block as it stands.
	 *
	 * @param state FREE, USED (by {@code documentId}) or CANCELLED (with {@code reason})
	 * @param blockState OPEN or RELEASED
	 */
	public record BlockNumber(String number, String state, String blockState, @Nullable UUID documentId,
			@Nullable String reason, UUID blockId, Instant blockCreatedAt, @Nullable Instant releasedAt) {

		/** Whether a sale made offline may still take it: FREE in an open block, or cancelled by a hand-back. */
		public boolean takeable() {
			return state.equals("CANCELLED") || state.equals("FREE") && blockState.equals("OPEN");
		}
	}

	/** The terminal's number and its block's state; empty when it is not in one of the terminal's blocks. */
	public Optional<BlockNumber> number(UUID terminalId, String number) {
		return store.number(terminalId, number);
	}

	/**
	 * The part of a sale's statement that takes the terminal's block number instead of a new one from the
	 * series: a common table expression {@code taken(number)} with one row, or none when the number is no
	 * longer as {@code seen} (read by {@link #number} before; {@link #whyNotTaken} then says why). A number
	 * cancelled when its block was handed back is taken too: the till sold with it before it learnt of the
	 * hand-back, and the sale is real; it then stands in the ledger as USED by that sale. Same rules as
	 * {@link DocumentNumbers#takeInStatement}.
	 */
	public SqlPart takeInStatement(BlockNumber seen, UUID terminalId, UUID documentId) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("block numbers are taken inside the document's transaction");
		}
		if (!seen.takeable()) {
			throw new IllegalArgumentException("number " + seen.number() + " is " + seen.state());
		}
		return store.take(terminalId, seen.number(), documentId, seen.state());
	}

	/** Why the terminal's number cannot be taken: a 409 naming the cause; empty when it can be. */
	public Optional<ApiException> whyNotTaken(UUID terminalId, String number) {
		var found = store.number(terminalId, number).orElse(null);
		if (found == null) {
			return Optional.of(ApiException.conflict("number_not_in_block",
					"The number " + number + " is not in a number block of the terminal " + terminalId,
					Map.of("number", number, "terminal_id", terminalId)));
		}
		if (found.state().equals("USED")) {
			return Optional.of(ApiException.conflict("number_already_used",
					"The number " + number + " carries another sale already: " + found.documentId()
							+ "; the same sale posted again answers with its first Idempotency-Key",
					Map.of("number", number, "sale_id", java.util.Objects.requireNonNull(found.documentId()))));
		}
		return Optional.empty();
	}
}
