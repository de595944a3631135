package dev.kassa.sales;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sale_returns, sale_return_lines and sale_refunds tables, and the returned figures of sale lines. */
@Repository
class SaleReturnStore {

	private final JdbcClient jdbc;

	SaleReturnStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What of a sale line is not returned yet. */
	record Remaining(BigDecimal quantity, BigDecimal amount) {
	}

	/** The line's quantity and amount not yet returned, the line locked until the transaction ends. */
	Remaining lockRemaining(UUID saleLineId) {
		return jdbc.sql("""
				SELECT quantity - returned_quantity, total - returned_amount FROM sale_lines WHERE id = :id FOR UPDATE
				""")
			.param("id", saleLineId)
			.query((rs, n) -> new Remaining(rs.getBigDecimal(1), rs.getBigDecimal(2)))
			.single();
	}

	/** What of each line of the sale is not returned yet, by line id; read without a lock (a preview). */
	java.util.Map<UUID, Remaining> remaining(UUID saleId) {
		var remaining = new java.util.HashMap<UUID, Remaining>();
		jdbc.sql("SELECT id, quantity - returned_quantity, total - returned_amount FROM sale_lines WHERE sale_id = :id")
			.param("id", saleId)
			.query((rs, n) -> remaining.put(rs.getObject(1, UUID.class), new Remaining(rs.getBigDecimal(2), rs.getBigDecimal(3))))
			.list();
		return remaining;
	}

	/** Whether anything of the sale was returned. */
	boolean anyReturned(UUID saleId) {
		return jdbc.sql("SELECT EXISTS (SELECT 1 FROM sale_lines WHERE sale_id = :id AND returned_quantity > 0)")
			.param("id", saleId)
			.query(Boolean.class)
			.single();
	}

	/** Raises what was returned of the line; false when that would exceed what was sold. */
	boolean markReturned(UUID saleLineId, BigDecimal quantity, BigDecimal amount) {
		return jdbc.sql("""
				UPDATE sale_lines SET returned_quantity = returned_quantity + :q, returned_amount = returned_amount + :a
				WHERE id = :id AND quantity - returned_quantity >= :q
				""")
			.param("q", quantity)
			.param("a", amount)
			.param("id", saleLineId)
			.update() == 1;
	}

	void insert(SaleReturn r) {
		jdbc.sql("""
				INSERT INTO sale_returns (id, number, sale_id, location_id, business_date, reason, total, tax_total,
				    created_by, created_at)
				VALUES (:id, :number, :saleId, :locationId, :businessDate, :reason, :total, :taxTotal, :createdBy, :createdAt)
				""")
			.param("id", r.id())
			.param("number", r.number())
			.param("saleId", r.saleId())
			.param("locationId", r.locationId())
			.param("businessDate", r.businessDate())
			.param("reason", r.reason())
			.param("total", r.total())
			.param("taxTotal", r.taxTotal())
			.param("createdBy", r.createdBy())
			.param("createdAt", Timestamp.from(r.createdAt()))
			.update();
		for (var line : r.lines()) {
			jdbc.sql("""
					INSERT INTO sale_return_lines (id, return_id, sale_line_id, product_id, quantity, amount, tax_total,
					    cgst, sgst, igst, cess, restock)
					VALUES (:id, :returnId, :saleLineId, :productId, :quantity, :amount, :taxTotal, :cgst, :sgst, :igst,
					    :cess, :restock)
					""")
				.param("id", line.id())
				.param("returnId", r.id())
				.param("saleLineId", line.saleLineId())
				.param("productId", line.productId())
				.param("quantity", line.quantity())
				.param("amount", line.amount())
				.param("taxTotal", line.taxTotal())
				.param("cgst", line.cgst())
				.param("sgst", line.sgst())
				.param("igst", line.igst())
				.param("cess", line.cess())
				.param("restock", line.restock())
				.update();
		}
		for (var refund : r.refunds()) {
			jdbc.sql("""
					INSERT INTO sale_refunds (id, return_id, method, amount, reference)
					VALUES (:id, :returnId, :method, :amount, :reference)
					""")
				.param("id", refund.id())
				.param("returnId", r.id())
				.param("method", refund.method().name())
				.param("amount", refund.amount())
				.param("reference", refund.reference())
				.update();
		}
	}

	/** A return with its lines and refunds, in the order they were written. */
	Optional<SaleReturn> find(UUID id) {
		var lines = jdbc.sql("""
				SELECT id, sale_line_id, product_id, quantity, amount, tax_total, cgst, sgst, igst, cess, restock
				FROM sale_return_lines WHERE return_id = :id ORDER BY id
				""")
			.param("id", id)
			.query((rs, n) -> new SaleReturn.Line(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					rs.getObject(3, UUID.class), rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6),
					rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getBigDecimal(9), rs.getBigDecimal(10), rs.getBoolean(11)))
			.list();
		var refunds = jdbc.sql("SELECT id, method, amount, reference FROM sale_refunds WHERE return_id = :id ORDER BY id")
			.param("id", id)
			.query((rs, n) -> new SaleReturn.Refund(rs.getObject(1, UUID.class), PaymentMethod.valueOf(rs.getString(2)),
					rs.getBigDecimal(3), rs.getString(4)))
			.list();
		return jdbc.sql("""
				SELECT id, number, sale_id, location_id, business_date, reason, total, tax_total, created_by, created_at
				FROM sale_returns WHERE id = :id
				""")
			.param("id", id)
			.query((rs, n) -> new SaleReturn(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
					rs.getObject(4, UUID.class), rs.getObject(5, java.time.LocalDate.class), rs.getString(6),
					rs.getBigDecimal(7), rs.getBigDecimal(8), rs.getObject(9, UUID.class),
					rs.getObject(10, OffsetDateTime.class).toInstant(), lines, refunds))
			.optional();
	}
}
