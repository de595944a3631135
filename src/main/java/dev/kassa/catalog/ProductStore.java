package dev.kassa.catalog;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The products table with its barcodes and price history; reads resolve the tax class rates. */
@Repository
class ProductStore {

	private static final String SELECT = """
			SELECT p.id, p.sku, p.name, p.description, p.category_id, p.unit, p.price, p.price_includes_tax,
			       p.tax_class_id, t.rate AS tax_rate, t.cess_rate, p.hsn_code, p.track_stock,
			       p.allow_negative_stock, p.active, p.created_at, p.updated_at,
			       ARRAY(SELECT b.code FROM product_barcodes b WHERE b.product_id = p.id ORDER BY b.code) AS barcodes
			FROM products p JOIN tax_classes t ON t.id = p.tax_class_id
			""";

	/** Up to this many ids are looked up with one parameter each (see {@link #byIds}). */
	private static final int FEW_IDS = 32;

	private static final RowMapper<Product> MAPPER = (rs, n) -> new Product(rs.getObject("id", UUID.class),
			rs.getString("sku"), rs.getString("name"), rs.getString("description"),
			rs.getObject("category_id", UUID.class), Unit.valueOf(rs.getString("unit")), rs.getBigDecimal("price"),
			rs.getBoolean("price_includes_tax"), rs.getObject("tax_class_id", UUID.class),
			TaxClassStore.plain(rs.getBigDecimal("tax_rate")), TaxClassStore.plain(rs.getBigDecimal("cess_rate")),
			rs.getString("hsn_code"), rs.getBoolean("track_stock"), rs.getBoolean("allow_negative_stock"),
			rs.getBoolean("active"), codes(rs.getArray("barcodes")), rs.getTimestamp("created_at").toInstant(),
			rs.getTimestamp("updated_at").toInstant());

	private static final RowMapper<PriceChange> PRICE_MAPPER = (rs, n) -> new PriceChange(
			rs.getObject("id", UUID.class), rs.getObject("product_id", UUID.class), rs.getBigDecimal("price"),
			rs.getBoolean("price_includes_tax"), rs.getTimestamp("changed_at").toInstant(),
			rs.getObject("changed_by", UUID.class));

	private final JdbcClient jdbc;

	ProductStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What a list asks for; null filters are not applied. */
	record Filter(@Nullable String prefix, @Nullable String contains, @Nullable UUID categoryId,
			@Nullable Boolean active) {
	}

	void insert(Product product) {
		columns(jdbc.sql("""
				INSERT INTO products (id, sku, name, description, category_id, unit, price, price_includes_tax,
				                      tax_class_id, hsn_code, track_stock, allow_negative_stock, active,
				                      created_at, updated_at)
				VALUES (:id, :sku, :name, :description, :category, :unit, :price, :includesTax, :taxClass, :hsn,
				        :trackStock, :allowNegative, :active, :now, :now)
				"""), product)
			.param("now", Timestamp.from(product.createdAt()))
			.update();
	}

	void update(Product product) {
		columns(jdbc.sql("""
				UPDATE products SET sku = :sku, name = :name, description = :description, category_id = :category,
				       unit = :unit, price = :price, price_includes_tax = :includesTax, tax_class_id = :taxClass,
				       hsn_code = :hsn, track_stock = :trackStock, allow_negative_stock = :allowNegative,
				       active = :active, updated_at = :now
				WHERE id = :id
				"""), product)
			.param("now", Timestamp.from(product.updatedAt()))
			.update();
	}

	/** Binds every column a product row has, for the insert and the update alike. */
	private static JdbcClient.StatementSpec columns(JdbcClient.StatementSpec statement, Product product) {
		return statement
			.param("id", product.id())
			.param("sku", product.sku())
			.param("name", product.name())
			.param("description", product.description())
			.param("category", product.categoryId())
			.param("unit", product.unit().name())
			.param("price", product.price())
			.param("includesTax", product.priceIncludesTax())
			.param("taxClass", product.taxClassId())
			.param("hsn", product.hsnCode())
			.param("trackStock", product.trackStock())
			.param("allowNegative", product.allowNegativeStock())
			.param("active", product.active());
	}

	int delete(UUID id) {
		return jdbc.sql("DELETE FROM products WHERE id = :id").param("id", id).update();
	}

	void replaceBarcodes(UUID productId, List<String> codes, java.time.Instant now) {
		jdbc.sql("DELETE FROM product_barcodes WHERE product_id = :id AND NOT (code = ANY(:codes::text[]))")
			.param("id", productId)
			.param("codes", codes.toArray(String[]::new))
			.update();
		for (var code : codes) {
			jdbc.sql("""
					INSERT INTO product_barcodes (code, product_id, created_at)
					SELECT :code, :id, :now
					WHERE NOT EXISTS (SELECT 1 FROM product_barcodes WHERE code = :code AND product_id = :id)
					""").param("code", code).param("id", productId).param("now", Timestamp.from(now)).update();
		}
	}

	/** The first of the codes that belongs to another product, with that product's id. */
	Optional<java.util.Map.Entry<String, UUID>> barcodeOfAnother(Collection<String> codes, @Nullable UUID productId) {
		return jdbc.sql("""
				SELECT code, product_id FROM product_barcodes
				WHERE code = ANY(:codes::text[]) AND (:id::uuid IS NULL OR product_id <> :id)
				ORDER BY code LIMIT 1
				""")
			.param("codes", codes.toArray(String[]::new))
			.param("id", productId)
			.query((rs, n) -> java.util.Map.entry(rs.getString("code"), rs.getObject("product_id", UUID.class)))
			.optional();
	}

	Optional<UUID> skuOwner(String sku) {
		return jdbc.sql("SELECT id FROM products WHERE lower(sku) = lower(:sku)").param("sku", sku).query(UUID.class).optional();
	}

	void recordPrice(PriceChange change) {
		jdbc.sql("""
				INSERT INTO product_prices (id, product_id, price, price_includes_tax, changed_at, changed_by)
				VALUES (:id, :product, :price, :includesTax, :at, :by)
				""")
			.param("id", change.id())
			.param("product", change.productId())
			.param("price", change.price())
			.param("includesTax", change.priceIncludesTax())
			.param("at", Timestamp.from(change.changedAt()))
			.param("by", change.changedBy())
			.update();
	}

	/** For {@link Catalog#pricesSince}: the price in effect at {@code from} and every change after it. */
	java.util.Map<UUID, List<Catalog.PriceAt>> pricesSince(java.util.Collection<UUID> productIds, Instant from) {
		var prices = new java.util.LinkedHashMap<UUID, List<Catalog.PriceAt>>();
		if (productIds.isEmpty()) {
			return prices;
		}
		jdbc.sql("""
				SELECT p.product_id, p.price, p.changed_at FROM product_prices p
				 WHERE p.product_id = ANY(:ids)
				   AND p.changed_at >= coalesce((SELECT max(e.changed_at) FROM product_prices e
				                                  WHERE e.product_id = p.product_id AND e.changed_at <= :from), '-infinity')
				 ORDER BY p.product_id, p.changed_at, p.id
				""")
			.param("ids", productIds.toArray(UUID[]::new))
			.param("from", Timestamp.from(from))
			.query((rs, n) -> prices.computeIfAbsent(rs.getObject("product_id", UUID.class), k -> new java.util.ArrayList<>())
				.add(new Catalog.PriceAt(rs.getBigDecimal("price"), rs.getTimestamp("changed_at").toInstant())))
			.list();
		return prices;
	}

	List<PriceChange> prices(UUID productId, @Nullable UUID after, int limit) {
		return jdbc.sql("""
				SELECT id, product_id, price, price_includes_tax, changed_at, changed_by FROM product_prices
				WHERE product_id = :product AND (:after::uuid IS NULL OR id > :after)
				ORDER BY id LIMIT :limit
				""")
			.param("product", productId)
			.param("after", after)
			.param("limit", limit)
			.query(PRICE_MAPPER)
			.list();
	}

	Optional<Product> find(UUID id) {
		return jdbc.sql(SELECT + " WHERE p.id = :id").param("id", id).query(MAPPER).optional();
	}

	/** Locks the product row until commit, so that concurrent changes of one product queue. */
	boolean lock(UUID id) {
		return jdbc.sql("SELECT id FROM products WHERE id = :id FOR UPDATE").param("id", id).query(UUID.class).optional().isPresent();
	}

	/** The till's look-up: one statement, by the primary key of product_barcodes. */
	Optional<Product> byBarcode(String code) {
		return jdbc.sql(SELECT + " WHERE p.id = (SELECT b.product_id FROM product_barcodes b WHERE b.code = :code)")
			.param("code", code)
			.query(MAPPER)
			.optional();
	}

	Optional<Product> bySku(String sku) {
		return jdbc.sql(SELECT + " WHERE lower(p.sku) = lower(:sku)").param("sku", sku).query(MAPPER).optional();
	}

	/**
	 * A few ids (a sale's or an estimate's products) go as one parameter each: PostgreSQL plans
	 * {@code = ANY($1)} afresh on every call (its generic plan, priced for an array of unknown length, never
	 * wins against the custom one), 0.25 ms of the database's CPU per sale; {@code IN ($1, $2, $3)} gets a
	 * generic plan after five calls and keeps it. Many ids (a report's products) go as one array, within the
	 * protocol's limit on parameters.
	 */
	List<Product> byIds(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		if (ids.size() <= FEW_IDS) {
			return jdbc.sql(SELECT + " WHERE p.id IN (:ids)").param("ids", List.copyOf(ids)).query(MAPPER).list();
		}
		return jdbc.sql(SELECT + " WHERE p.id = ANY(:ids::uuid[])")
			.param("ids", ids.toArray(UUID[]::new))
			.query(MAPPER)
			.list();
	}

	List<Product> page(Filter filter, @Nullable UUID after, int limit) {
		var sql = new StringBuilder(SELECT).append(" WHERE true");
		var query = new java.util.LinkedHashMap<String, Object>();
		if (after != null) {
			sql.append(" AND p.id > :after");
			query.put("after", after);
		}
		if (filter.active() != null) {
			sql.append(" AND p.active = :active");
			query.put("active", filter.active());
		}
		if (filter.categoryId() != null) {
			sql.append("""
					 AND p.category_id IN (
					    WITH RECURSIVE tree (id) AS (
					        SELECT id FROM categories WHERE id = :category
					        UNION ALL
					        SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
					    )
					    SELECT id FROM tree)
					""");
			query.put("category", filter.categoryId());
		}
		if (filter.prefix() != null) {
			sql.append(" AND kassa_fold(p.name) LIKE kassa_fold(:prefix) || '%'");
			query.put("prefix", likeEscaped(filter.prefix()));
		}
		if (filter.contains() != null) {
			sql.append(" AND kassa_fold(p.name) LIKE '%' || kassa_fold(:contains) || '%'");
			query.put("contains", likeEscaped(filter.contains()));
		}
		sql.append(" ORDER BY p.id LIMIT :limit");
		query.put("limit", limit);
		return jdbc.sql(sql.toString()).params(query).query(MAPPER).list();
	}

	static String likeEscaped(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static List<String> codes(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}
}
