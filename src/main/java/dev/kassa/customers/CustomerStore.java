package dev.kassa.customers;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The customers table. */
@Repository
class CustomerStore {

	private static final String COLUMNS = """
			id, name, phone, email, gstin, billing_address, shipping_address, notes, tags, created_at, updated_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final RowMapper<Customer> mapper;

	CustomerStore(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
		this.mapper = (rs, n) -> new Customer(rs.getObject("id", UUID.class), rs.getString("name"),
				rs.getString("phone"), rs.getString("email"), rs.getString("gstin"),
				address(rs.getString("billing_address")), address(rs.getString("shipping_address")),
				rs.getString("notes"), List.of((String[]) rs.getArray("tags").getArray()),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

	/** What a list asks for; null filters are not applied. */
	record Filter(@Nullable String name, @Nullable String phonePrefix, @Nullable String tag) {
	}

	/** Inserts the customer unless another one has its phone number; returns whether it was inserted. */
	boolean insert(Customer customer) {
		return jdbc.sql("""
				INSERT INTO customers (id, name, phone, email, gstin, billing_address, shipping_address, notes, tags,
				                       created_at, updated_at)
				VALUES (:id, :name, :phone, :email, :gstin, :billing::jsonb, :shipping::jsonb, :notes, :tags::text[],
				        :now, :now)
				ON CONFLICT (phone) DO NOTHING
				""")
			.param("id", customer.id())
			.param("name", customer.name())
			.param("phone", customer.phone())
			.param("email", customer.email())
			.param("gstin", customer.gstin())
			.param("billing", text(customer.billingAddress()))
			.param("shipping", text(customer.shippingAddress()))
			.param("notes", customer.notes())
			.param("tags", customer.tags().toArray(String[]::new))
			.param("now", Timestamp.from(customer.createdAt()))
			.update() == 1;
	}

	void update(Customer customer) {
		jdbc.sql("""
				UPDATE customers SET name = :name, phone = :phone, email = :email, gstin = :gstin,
				       billing_address = :billing::jsonb, shipping_address = :shipping::jsonb, notes = :notes,
				       tags = :tags::text[], updated_at = :now
				WHERE id = :id
				""")
			.param("id", customer.id())
			.param("name", customer.name())
			.param("phone", customer.phone())
			.param("email", customer.email())
			.param("gstin", customer.gstin())
			.param("billing", text(customer.billingAddress()))
			.param("shipping", text(customer.shippingAddress()))
			.param("notes", customer.notes())
			.param("tags", customer.tags().toArray(String[]::new))
			.param("now", Timestamp.from(customer.updatedAt()))
			.update();
	}

	/** Adds one purchase with a single guarded statement, so that concurrent sales never lose one. */
	boolean addPurchase(UUID id, BigDecimal amount, Instant at) {
		return jdbc.sql("""
				UPDATE customers SET purchase_count = purchase_count + 1, purchase_total = purchase_total + :amount,
				       last_purchase_at = greatest(last_purchase_at, :at)
				WHERE id = :id
				""").param("id", id).param("amount", amount).param("at", Timestamp.from(at)).update() == 1;
	}

	/** The reverse of {@link #addPurchase}: one guarded statement; never below zero. */
	boolean subtractPurchase(UUID id, BigDecimal amount, boolean voided) {
		return jdbc.sql("""
				UPDATE customers SET purchase_count = greatest(purchase_count - CASE WHEN :voided THEN 1 ELSE 0 END, 0),
				       purchase_total = greatest(purchase_total - :amount, 0)
				WHERE id = :id
				""").param("id", id).param("amount", amount).param("voided", voided).update() == 1;
	}

	Optional<PurchaseSummary> summary(UUID id) {
		return jdbc.sql("SELECT id, purchase_count, purchase_total, last_purchase_at FROM customers WHERE id = :id")
			.param("id", id)
			.query((rs, n) -> {
				var last = rs.getTimestamp("last_purchase_at");
				return new PurchaseSummary(rs.getObject("id", UUID.class), rs.getLong("purchase_count"),
						rs.getBigDecimal("purchase_total"), last == null ? null : last.toInstant());
			})
			.optional();
	}

	Optional<Customer> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE id = :id").param("id", id).query(mapper).optional();
	}

	Optional<Customer> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(mapper)
			.optional();
	}

	Optional<Customer> byPhone(String phone) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM customers WHERE phone = :phone")
			.param("phone", phone)
			.query(mapper)
			.optional();
	}

	List<Customer> page(Filter filter, @Nullable UUID after, int limit) {
		var sql = new StringBuilder("SELECT " + COLUMNS + " FROM customers WHERE true");
		var params = new LinkedHashMap<String, Object>();
		if (after != null) {
			sql.append(" AND id > :after");
			params.put("after", after);
		}
		if (filter.name() != null) {
			sql.append(" AND kassa_fold(name) LIKE '%' || kassa_fold(:name) || '%'");
			params.put("name", filter.name().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_"));
		}
		if (filter.phonePrefix() != null) {
			sql.append(" AND phone LIKE :phone || '%'");
			params.put("phone", filter.phonePrefix());
		}
		if (filter.tag() != null) {
			sql.append(" AND tags @> ARRAY[:tag]::text[]");
			params.put("tag", filter.tag());
		}
		sql.append(" ORDER BY id LIMIT :limit");
		params.put("limit", limit);
		return jdbc.sql(sql.toString()).params(params).query(mapper).list();
	}

	private @Nullable String text(@Nullable Address address) {
		return address == null ? null : json.writeValueAsString(address);
	}

	private @Nullable Address address(@Nullable String text) {
		return text == null ? null : json.readValue(text, Address.class);
	}
}
