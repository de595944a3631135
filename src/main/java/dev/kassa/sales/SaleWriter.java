package dev.kassa.sales;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.customers.Customers;
import dev.kassa.events.EventLog;
import dev.kassa.numbering.DocumentNumbers;
import dev.kassa.numbering.DocumentType;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.SqlPart;

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

	SaleWriter(SaleStore store, DocumentNumbers numbers, Customers customers, EventLog events, JsonMapper json) {
		this.store = store;
		this.numbers = numbers;
		this.customers = customers;
		this.events = events;
		this.json = json;
	}

	/** A sale written: its number and its JSON as answered and as the event carries it. */
	record Written(String number, String json) {
	}

	/**
	 * Writes the sale and commits in one statement sent with the COMMIT: the number, the stock taken (the
	 * {@code taking} parts, after the number), the sale, its event and the stored answer (see
	 * {@link Sales#create}). The draft's number is ignored: the JSON is
	 * written with a placeholder no client can guess, which the statement replaces by the number. Throws {@link SqlPart.NoRow} when the number or
	 * some stock could not be taken; the transaction is then rolled back.
	 *
	 * @param extra more parts, after the sale's (a till session's claim of the sale)
	 */
	Written writeAndCommit(Sale draft, List<SqlPart> taking, String allTaken, List<SqlPart> extra,
			Idempotency.Answer answer) {
		var placeholder = "number:" + UUID.randomUUID();
		draft = withNumber(draft, placeholder);
		before(draft);
		var text = json.writeValueAsString(draft);
		var quoted = json.writeValueAsString(draft.number());
		var written = "replace(:s_json, :s_placeholder, to_json(sale.number)::text)";
		var parts = new ArrayList<SqlPart>();
		parts.add(numbers.takeInStatement(DocumentType.SALE, draft.locationId(), draft.businessDate()));
		parts.addAll(taking);
		parts.add(store.insertSaleAfterTake(draft, allTaken).with("s_json", text).with("s_placeholder", quoted));
		parts.addAll(extra);
		parts.add(completed(draft, written));
		parts.add(answer.storeInStatement("sale", written));
		var number = store.writeAndCommit(parts);
		return new Written(number, text.replace(quoted, json.writeValueAsString(number)));
	}

	/**
	 * Writes the sale inside the caller's transaction, which goes on (an order's fulfilment): the number is
	 * taken first, by a statement of its own, and held until the caller commits; the caller moves stock
	 * after this, so that the number is locked before stock as on every sale's path.
	 *
	 * @param extra more parts, after the sale's
	 */
	Sale write(Sale draft, List<SqlPart> extra) {
		var number = numbers.take(DocumentType.SALE, draft.locationId(), draft.businessDate());
		var sale = withNumber(draft, number);
		before(sale);
		var text = json.writeValueAsString(sale);
		var parts = new ArrayList<SqlPart>();
		parts.add(new SqlPart("taken AS (SELECT :t_number::text AS number)", Map.of("t_number", number)));
		parts.add(store.insertSaleAfterTake(sale, "true"));
		parts.addAll(extra);
		parts.add(completed(sale, ":s_json::text").with("s_json", text));
		store.write(parts);
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
		return new Sale(h.id(), number, h.locationId(), h.terminalId(), h.customerId(), h.cashierId(), h.status(),
				h.supply(), h.placeOfSupply(), h.currency(), h.businessDate(), h.subtotal(), h.discountValue(),
				h.isPercentageDiscount(), h.saleDiscount(), h.discountTotal(), h.taxable(), h.cgst(), h.sgst(), h.igst(),
				h.cess(), h.taxTotal(), h.total(), h.paid(), h.changeDue(), h.notes(), h.createdAt(), h.voidedAt(),
				h.voidedBy(), h.voidReason(), h.lines(), h.payments());
	}
}
