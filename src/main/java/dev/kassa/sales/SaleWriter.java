package dev.kassa.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.customers.Customers;
import dev.kassa.events.EventLog;
import dev.kassa.numbering.DocumentNumbers;
import dev.kassa.numbering.DocumentType;
import dev.kassa.numbering.NumberBlocks;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.SqlPart;
import dev.kassa.tills.TillSessions;

/**
 * The one writer of sales: a direct sale, an order's invoice and (through them) an estimate converted and
 * fulfilled and the seed API's orders all become a sale here. It writes the lines and payments, the
 * customer's figures, the sale row with its number and the {@code sale.completed} event, so that every
 * path that makes a sale is seen the same way by webhooks, the live stream and the reports.
 */
@Component
class SaleWriter {

	private final SaleStore store;

	private final DocumentNumbers numbers;

	private final Customers customers;

	private final EventLog events;

	private final JsonMapper json;

	private final TillSessions tills;

	private final NumberBlocks blocks;

	SaleWriter(SaleStore store, DocumentNumbers numbers, Customers customers, EventLog events, JsonMapper json,
			TillSessions tills, NumberBlocks blocks) {
		this.blocks = blocks;
		this.tills = tills;
		this.store = store;
		this.numbers = numbers;
		this.customers = customers;
		this.events = events;
		this.json = json;
	}

	/**
	 * What a sale made offline adds to its statement: the block number it carries (as read before) and the
	 * parts after the sale that record its exceptions ({@code offline_raised}, {@code offline_summary}).
	 */
	record Offline(NumberBlocks.BlockNumber number, List<SqlPart> exceptions) {
	}

	/** A sale written: its number and its JSON as answered and as the event carries it. */
	record Written(String number, String json) {
	}

	/**
	 * Writes the sale and commits in one statement sent with the COMMIT: the number, the stock taken (the
	 * {@code taking} parts, after the number), the sale, its event and the stored answer (see
	 * {@link Sales#create}); the number is the terminal's block number when {@code offline}, else
	 * the series' next. The draft's number is ignored: the JSON is
	 * written with a placeholder no client can guess, which the statement replaces by the number. Throws {@link SqlPart.NoRow} when the number or
	 * some stock could not be taken; the transaction is then rolled back.
	 *
	 * @param claim the till session's claim of the sale ({@link TillSessions.Claim#NONE} when not at a terminal)
	 */
	Written writeAndCommit(Sale draft, @Nullable Offline offline, List<SqlPart> taking, String allTaken,
			TillSessions.Claim claim, Idempotency.Answer answer) {
		var placeholder = "number:" + UUID.randomUUID();
		draft = withNumber(draft, placeholder);
		before(draft);
		var text = json.writeValueAsString(draft);
		var quoted = json.writeValueAsString(draft.number());
		var written = "replace(:s_json, :s_placeholder, to_json(sale.number)::text)";
		var parts = new ArrayList<SqlPart>();
		parts.add(offline == null ? numbers.takeInStatement(DocumentType.SALE, draft.locationId(), draft.businessDate())
				: blocks.takeInStatement(offline.number(), Objects.requireNonNull(draft.terminalId()), draft.id()));
		parts.addAll(taking);
		parts.addAll(claim.before());
		parts.add(store.insertSaleAfterTake(draft, allTaken + " AND " + claim.condition())
			.with("s_json", text)
			.with("s_placeholder", quoted));
		parts.addAll(claim.after());
		if (offline != null) {
			parts.addAll(offline.exceptions());
			parts.add(events.appendInStatement("offline_raised_event", "offline_summary", "offline_exception.raised",
					"offline_exception", draft.id(), draft.locationId(), "offline_summary.payload"));
		}
		parts.add(completed(draft, written));
		parts.add(answer.storeInStatement("sale", written));
		var number = store.writeAndCommit(parts);
		return new Written(number, text.replace(quoted, json.writeValueAsString(number)));
	}

	/**
	 * Writes the sale inside the caller's transaction, which goes on (an order's fulfilment): the number is
	 * taken first, by a statement of its own, and held until the caller commits; then {@code stock} moves
	 * the stock, and the sale is written with its till claim, so that locks are taken in the order of every
	 * sale's path: number, stock, session. Throws the claim's refusal when the session is no longer OPEN.
	 */
	Sale write(Sale draft, Runnable stock, TillSessions.Claim claim) {
		var number = numbers.take(DocumentType.SALE, draft.locationId(), draft.businessDate());
		stock.run();
		var sale = withNumber(draft, number);
		before(sale);
		var text = json.writeValueAsString(sale);
		var parts = new ArrayList<SqlPart>();
		parts.add(new SqlPart("taken AS (SELECT :t_number::text AS number)", Map.of("t_number", number)));
		parts.addAll(claim.before());
		parts.add(store.insertSaleAfterTake(sale, claim.condition()));
		parts.addAll(claim.after());
		parts.add(completed(sale, ":s_json::text").with("s_json", text));
		if (store.write(parts).isEmpty()) {
			throw tills.whyNotClaimed(java.util.Objects.requireNonNull(claim.sessionId()))
				.orElseThrow(() -> new IllegalStateException("sale " + sale.id() + " was not written"));
		}
		return sale;
	}

	private void before(Sale draft) {
		store.insertLinesAndPayments(draft.id(), draft.lines(), draft.payments(), draft.createdAt());
		if (draft.customerId() != null) {
			customers.recordPurchase(draft.customerId(), draft.total(), draft.createdAt());
		}
	}

	private SqlPart completed(Sale sale, String payloadSql) {
		return events.appendInStatement("completed", "sale", "sale.completed", "sale", sale.id(), sale.locationId(),
				payloadSql);
	}

	static Sale withNumber(Sale h, String number) {
		return new Sale(h.id(), number, h.locationId(), h.terminalId(), h.terminalLabel(), h.customerId(), h.cashierId(), h.status(),
				h.supply(), h.placeOfSupply(), h.currency(), h.businessDate(), h.subtotal(), h.discountValue(),
				h.isPercentageDiscount(), h.saleDiscount(), h.discountTotal(), h.taxable(), h.cgst(), h.sgst(), h.igst(),
				h.cess(), h.taxTotal(), h.total(), h.paid(), h.changeDue(), h.notes(), h.createdAt(), h.madeAt(), h.voidedAt(),
				h.voidedBy(), h.voidReason(), h.lines(), h.payments());
	}
}
