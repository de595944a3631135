package dev.kassa.delivery;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The container_types, refill_products, customer_containers and container_movements tables. */
@Repository
class ContainerStore {

	private static final String TYPE = """
			t.id, t.code, t.name, t.deposit, t.empty_product_id, t.created_at, t.updated_at,
			ARRAY(SELECT r.product_id FROM refill_products r WHERE r.container_type_id = t.id ORDER BY r.product_id)
			    AS refills""";

	private static final String MOVEMENT = """
			id, kind, location_id, customer_id, container_type_id, refills, empties_in, connections, deposit,
			voucher_number, sale_id, delivery_order_id, created_at""";

	private final JdbcClient jdbc;

	ContainerStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	boolean insertType(Containers.ContainerType t) {
		return jdbc.sql("""
				INSERT INTO container_types (id, code, name, deposit, empty_product_id, created_at, updated_at)
				VALUES (:id, :code, :name, :deposit, :empty, :now, :now) ON CONFLICT DO NOTHING
				""")
			.param("id", t.id())
			.param("code", t.code())
			.param("name", t.name())
			.param("deposit", t.deposit())
			.param("empty", t.emptyProductId())
			.param("now", Timestamp.from(t.createdAt()))
			.update() == 1;
	}

	Optional<Containers.ContainerType> type(UUID id) {
		return jdbc.sql("SELECT " + TYPE + " FROM container_types t WHERE t.id = :id")
			.param("id", id)
			.query(ContainerStore::mapType)
			.optional();
	}

	List<Containers.ContainerType> types() {
		return jdbc.sql("SELECT " + TYPE + " FROM container_types t ORDER BY t.code").query(ContainerStore::mapType).list();
	}

	/** The container type a product is the refill of, if any. */
	Optional<UUID> typeOfRefill(UUID productId) {
		return jdbc.sql("SELECT container_type_id FROM refill_products WHERE product_id = :p")
			.param("p", productId)
			.query(UUID.class)
			.optional();
	}

	/** False when the product is a refill already (of this type or another). */
	boolean insertRefill(UUID productId, UUID typeId, Instant now) {
		return jdbc.sql("""
				INSERT INTO refill_products (product_id, container_type_id, created_at) VALUES (:p, :t, :now)
				ON CONFLICT DO NOTHING
				""").param("p", productId).param("t", typeId).param("now", Timestamp.from(now)).update() == 1;
	}

	boolean isEmptyProduct(UUID productId) {
		return jdbc.sql("SELECT count(*) FROM container_types WHERE empty_product_id = :p")
			.param("p", productId)
			.query(Long.class)
			.single() > 0;
	}

	/** Adds new connections to what the customer holds, with their deposits. */
	void addHeld(UUID customerId, UUID typeId, int containers, BigDecimal deposits, Instant now) {
		jdbc.sql("""
				INSERT INTO customer_containers AS c (customer_id, container_type_id, held, deposits_held, updated_at)
				VALUES (:customer, :type, :n, :deposits, :now)
				ON CONFLICT (customer_id, container_type_id) DO UPDATE
				    SET held = c.held + EXCLUDED.held, deposits_held = c.deposits_held + EXCLUDED.deposits_held,
				        updated_at = EXCLUDED.updated_at
				""")
			.param("customer", customerId)
			.param("type", typeId)
			.param("n", containers)
			.param("deposits", deposits)
			.param("now", Timestamp.from(now))
			.update();
	}

	record Held(int held, BigDecimal depositsHeld) {
	}

	/** What the customer holds of the type, the row locked until the transaction ends. */
	Optional<Held> lockHeld(UUID customerId, UUID typeId) {
		return jdbc.sql("""
				SELECT held, deposits_held FROM customer_containers
				WHERE customer_id = :customer AND container_type_id = :type FOR UPDATE
				""")
			.param("customer", customerId)
			.param("type", typeId)
			.query((rs, n) -> new Held(rs.getInt(1), rs.getBigDecimal(2)))
			.optional();
	}

	/** Takes containers and deposits back, only if that many are held: one guarded statement. */
	boolean takeHeld(UUID customerId, UUID typeId, int containers, BigDecimal deposits, Instant now) {
		return jdbc.sql("""
				UPDATE customer_containers SET held = held - :n, deposits_held = deposits_held - :deposits,
				       updated_at = :now
				WHERE customer_id = :customer AND container_type_id = :type AND held >= :n
				  AND deposits_held >= :deposits
				""")
			.param("customer", customerId)
			.param("type", typeId)
			.param("n", containers)
			.param("deposits", deposits)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	List<Containers.Balance> balances(UUID customerId) {
		return jdbc.sql("""
				SELECT c.customer_id, c.container_type_id, t.code, t.name, c.held, c.deposits_held
				FROM customer_containers c JOIN container_types t ON t.id = c.container_type_id
				WHERE c.customer_id = :customer ORDER BY t.code
				""").param("customer", customerId).query((rs, n) -> new Containers.Balance(rs.getObject(1, UUID.class),
				rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getBigDecimal(6))).list();
	}

	void insertMovement(Containers.Movement m, @Nullable UUID by) {
		jdbc.sql("""
				INSERT INTO container_movements (id, kind, location_id, customer_id, container_type_id, refills,
				    empties_in, connections, deposit, voucher_number, sale_id, delivery_order_id, created_by, created_at)
				VALUES (:id, :kind, :location, :customer, :type, :refills, :empties, :connections, :deposit, :voucher,
				    :sale, :delivery, :by, :now)
				""")
			.param("id", m.id())
			.param("kind", m.kind())
			.param("location", m.locationId())
			.param("customer", m.customerId())
			.param("type", m.containerTypeId())
			.param("refills", m.refills())
			.param("empties", m.emptiesIn())
			.param("connections", m.connections())
			.param("deposit", m.deposit())
			.param("voucher", m.voucherNumber())
			.param("sale", m.saleId())
			.param("delivery", m.deliveryOrderId())
			.param("by", by)
			.param("now", Timestamp.from(m.createdAt()))
			.update();
	}

	/** Per container type, what the customers served at the location hold: connections less returns there. */
	List<Object[]> heldByCustomersOf(UUID locationId) {
		return jdbc.sql("""
				SELECT container_type_id, coalesce(sum(connections), 0), coalesce(sum(deposit), 0)
				FROM container_movements WHERE location_id = :location GROUP BY container_type_id
				""").param("location", locationId).query((rs, n) -> new Object[] { rs.getObject(1, UUID.class),
				rs.getLong(2), rs.getBigDecimal(3) }).list();
	}

	/** Every customer's containers: the total held per type. */
	long totalHeld(UUID typeId) {
		return jdbc.sql("SELECT coalesce(sum(held), 0) FROM customer_containers WHERE container_type_id = :t")
			.param("t", typeId)
			.query(Long.class)
			.single();
	}

	static Containers.Movement mapMovement(ResultSet rs, int row) throws SQLException {
		return new Containers.Movement(rs.getObject("id", UUID.class), rs.getString("kind"),
				rs.getObject("location_id", UUID.class), rs.getObject("customer_id", UUID.class),
				rs.getObject("container_type_id", UUID.class), rs.getInt("refills"), rs.getInt("empties_in"),
				rs.getInt("connections"), rs.getBigDecimal("deposit"), rs.getString("voucher_number"),
				rs.getObject("sale_id", UUID.class), rs.getObject("delivery_order_id", UUID.class),
				rs.getTimestamp("created_at").toInstant());
	}

	List<Containers.Movement> movements(UUID customerId, int limit) {
		return jdbc.sql("SELECT " + MOVEMENT + " FROM container_movements WHERE customer_id = :c ORDER BY created_at, id LIMIT :l")
			.param("c", customerId)
			.param("l", limit)
			.query(ContainerStore::mapMovement)
			.list();
	}

	private static Containers.ContainerType mapType(ResultSet rs, int row) throws SQLException {
		var refills = (UUID[]) rs.getArray("refills").getArray();
		return new Containers.ContainerType(rs.getObject("id", UUID.class), rs.getString("code"), rs.getString("name"),
				rs.getBigDecimal("deposit"), rs.getObject("empty_product_id", UUID.class), List.of(refills),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}
}
