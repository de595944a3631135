package dev.kassa.catalog;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Products written and read many at a time: each statement takes a whole batch as arrays (unnest), so a
 * batch of a thousand rows costs a handful of round trips.
 */
@Repository
class BulkProductStore {

	private static final String VALUES = """
			p.id, p.sku, p.name, p.description, p.category_id, p.unit, p.price, p.price_includes_tax, p.tax_class_id,
			p.hsn_code, p.track_stock, p.allow_negative_stock, p.active,
			ARRAY(SELECT b.code FROM product_barcodes b WHERE b.product_id = p.id ORDER BY b.code) AS barcodes
			""";

	/** The products (and subcategories') of a category: the tree below it, itself included. */
	private static final String IN_CATEGORY = """
			p.category_id IN (
			    WITH RECURSIVE tree (id) AS (
			        SELECT id FROM categories WHERE id = :category
			        UNION ALL
			        SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
			    )
			    SELECT id FROM tree)
			""";

	private final JdbcClient jdbc;

	BulkProductStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A product as stored. */
	record Stored(UUID id, ProductValues values) {
	}

	/** A product a batch changes, with what it was (null: a new product). */
	record Change(UUID id, @Nullable ProductValues before, ProductValues after) {
	}

	/** A product a bulk price change would take below zero. */
	record Negative(UUID id, String sku, BigDecimal price, BigDecimal newPrice) {
	}

	/**
	 * Makes the rest of the transaction look rows up through the indexes. An import's transaction inserts
	 * up to 100,000 products that no statistics know of yet (ANALYZE does not see uncommitted rows), and the
	 * planner would otherwise scan the whole table once per batch: quadratic work.
	 */
	void preferIndexes() {
		jdbc.sql("SET LOCAL enable_seqscan = off").update();
	}

	/** The products with these SKUs (ignoring case), keyed by lower-case SKU, locked until commit in SKU order. */
	Map<String, Stored> lockBySkus(Collection<String> skus) {
		var found = new HashMap<String, Stored>();
		jdbc.sql("SELECT " + VALUES + """
				FROM products p WHERE lower(p.sku) = ANY(:skus::text[])
				ORDER BY lower(p.sku) FOR UPDATE OF p
				""")
			.param("skus", skus.stream().map(sku -> sku.toLowerCase(Locale.ROOT)).toArray(String[]::new))
			.query(BulkProductStore::stored)
			.list()
			.forEach(stored -> found.put(stored.values().sku().toLowerCase(Locale.ROOT), stored));
		return found;
	}

	/** The product a barcode belongs to. */
	record Owner(UUID id, String sku) {
	}

	/** The owners of these barcodes, by code. */
	Map<String, Owner> barcodeOwners(Collection<String> codes) {
		var owners = new HashMap<String, Owner>();
		if (codes.isEmpty()) {
			return owners;
		}
		jdbc.sql("""
				SELECT b.code, p.id, p.sku FROM product_barcodes b JOIN products p ON p.id = b.product_id
				WHERE b.code = ANY(:codes::text[])
				""")
			.param("codes", codes.toArray(String[]::new))
			.query(rs -> {
				owners.put(rs.getString("code"), new Owner(rs.getObject("id", UUID.class), rs.getString("sku")));
			});
		return owners;
	}

	void insert(List<Change> created, Instant now) {
		if (created.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO products (id, sku, name, description, category_id, unit, price, price_includes_tax,
				                      tax_class_id, hsn_code, track_stock, allow_negative_stock, active,
				                      created_at, updated_at)
				SELECT v.id, v.sku, v.name, v.description, v.category_id, v.unit, v.price, v.price_includes_tax,
				       v.tax_class_id, v.hsn_code, v.track_stock, v.allow_negative_stock, v.active, :now, :now
				FROM unnest(:ids::uuid[], :skus::text[], :names::text[], :descriptions::text[], :categories::uuid[],
				            :units::text[], :prices::numeric[], :includesTax::boolean[], :taxClasses::uuid[],
				            :hsnCodes::text[], :trackStock::boolean[], :allowNegative::boolean[], :active::boolean[])
				     AS v(id, sku, name, description, category_id, unit, price, price_includes_tax, tax_class_id,
				          hsn_code, track_stock, allow_negative_stock, active)
				""").params(columns(created)).param("now", Timestamp.from(now)).update();
	}

	void update(List<Change> changed, Instant now) {
		if (changed.isEmpty()) {
			return;
		}
		jdbc.sql("""
				UPDATE products p
				SET sku = v.sku, name = v.name, description = v.description, category_id = v.category_id,
				    unit = v.unit, price = v.price, price_includes_tax = v.price_includes_tax,
				    tax_class_id = v.tax_class_id, hsn_code = v.hsn_code, track_stock = v.track_stock,
				    allow_negative_stock = v.allow_negative_stock, active = v.active, updated_at = :now
				FROM unnest(:ids::uuid[], :skus::text[], :names::text[], :descriptions::text[], :categories::uuid[],
				            :units::text[], :prices::numeric[], :includesTax::boolean[], :taxClasses::uuid[],
				            :hsnCodes::text[], :trackStock::boolean[], :allowNegative::boolean[], :active::boolean[])
				     AS v(id, sku, name, description, category_id, unit, price, price_includes_tax, tax_class_id,
				          hsn_code, track_stock, allow_negative_stock, active)
				WHERE p.id = v.id
				""").params(columns(changed)).param("now", Timestamp.from(now)).update();
	}

	private static Map<String, Object> columns(List<Change> changes) {
		int n = changes.size();
		var ids = new UUID[n];
		var skus = new String[n];
		var names = new String[n];
		var descriptions = new String[n];
		var categories = new UUID[n];
		var units = new String[n];
		var prices = new String[n];
		var includesTax = new Boolean[n];
		var taxClasses = new UUID[n];
		var hsnCodes = new String[n];
		var trackStock = new Boolean[n];
		var allowNegative = new Boolean[n];
		var active = new Boolean[n];
		for (int i = 0; i < n; i++) {
			var v = changes.get(i).after();
			ids[i] = changes.get(i).id();
			skus[i] = v.sku();
			names[i] = v.name();
			descriptions[i] = v.description();
			categories[i] = v.categoryId();
			units[i] = v.unit().name();
			prices[i] = v.price().toPlainString();
			includesTax[i] = v.priceIncludesTax();
			taxClasses[i] = v.taxClassId();
			hsnCodes[i] = v.hsnCode();
			trackStock[i] = v.trackStock();
			allowNegative[i] = v.allowNegativeStock();
			active[i] = v.active();
		}
		var params = new HashMap<String, Object>();
		params.put("ids", ids);
		params.put("skus", skus);
		params.put("names", names);
		params.put("descriptions", descriptions);
		params.put("categories", categories);
		params.put("units", units);
		params.put("prices", prices);
		params.put("includesTax", includesTax);
		params.put("taxClasses", taxClasses);
		params.put("hsnCodes", hsnCodes);
		params.put("trackStock", trackStock);
		params.put("allowNegative", allowNegative);
		params.put("active", active);
		return params;
	}

	/** Gives each product exactly the barcodes of its change: drops the others, adds the missing ones. */
	void replaceBarcodes(List<Change> changes, Instant now) {
		var changed = changes.stream()
			.filter(change -> change.before() == null ? !change.after().barcodes().isEmpty()
					: !change.before().barcodes().equals(change.after().barcodes()))
			.toList();
		if (changed.isEmpty()) {
			return;
		}
		var productIds = changed.stream().map(Change::id).toArray(UUID[]::new);
		var owners = new java.util.ArrayList<UUID>();
		var codes = new java.util.ArrayList<String>();
		changed.forEach(change -> change.after().barcodes().forEach(code -> {
			owners.add(change.id());
			codes.add(code);
		}));
		jdbc.sql("""
				DELETE FROM product_barcodes b
				WHERE b.product_id = ANY(:products::uuid[])
				  AND NOT EXISTS (SELECT 1 FROM unnest(:owners::uuid[], :codes::text[]) AS v(product_id, code)
				                  WHERE v.product_id = b.product_id AND v.code = b.code)
				""")
			.param("products", productIds)
			.param("owners", owners.toArray(UUID[]::new))
			.param("codes", codes.toArray(String[]::new))
			.update();
		jdbc.sql("""
				INSERT INTO product_barcodes (code, product_id, created_at)
				SELECT v.code, v.product_id, :now FROM unnest(:owners::uuid[], :codes::text[]) AS v(product_id, code)
				WHERE NOT EXISTS (SELECT 1 FROM product_barcodes b WHERE b.code = v.code AND b.product_id = v.product_id)
				""")
			.param("owners", owners.toArray(UUID[]::new))
			.param("codes", codes.toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Adds a price history row for each new product and each whose price changed. */
	void recordPrices(List<Change> changes, Instant now, @Nullable UUID by) {
		var priced = changes.stream()
			.filter(change -> change.before() == null || !change.before().samePrice(change.after()))
			.toList();
		if (priced.isEmpty()) {
			return;
		}
		jdbc.sql("""
				INSERT INTO product_prices (id, product_id, price, price_includes_tax, changed_at, changed_by)
				SELECT uuidv7(), v.product_id, v.price, v.includes_tax, :now, :by
				FROM unnest(:products::uuid[], :prices::numeric[], :includesTax::boolean[]) AS v(product_id, price, includes_tax)
				""")
			.param("products", priced.stream().map(Change::id).toArray(UUID[]::new))
			.param("prices", priced.stream().map(change -> change.after().price().toPlainString()).toArray(String[]::new))
			.param("includesTax", priced.stream().map(change -> change.after().priceIncludesTax()).toArray(Boolean[]::new))
			.param("now", Timestamp.from(now))
			.param("by", by)
			.update();
	}

	/** A page of products for export, in id order, filtered by category (with subcategories) and active. */
	List<Stored> page(@Nullable UUID categoryId, @Nullable Boolean active, @Nullable UUID after, int limit) {
		var sql = new StringBuilder("SELECT ").append(VALUES).append(" FROM products p WHERE true");
		var params = new HashMap<String, Object>();
		if (after != null) {
			sql.append(" AND p.id > :after");
			params.put("after", after);
		}
		if (active != null) {
			sql.append(" AND p.active = :active");
			params.put("active", active);
		}
		if (categoryId != null) {
			sql.append(" AND ").append(IN_CATEGORY);
			params.put("category", categoryId);
		}
		sql.append(" ORDER BY p.id LIMIT :limit");
		params.put("limit", limit);
		return jdbc.sql(sql.toString()).params(params).query(BulkProductStore::stored).list();
	}

	/** Locks the products of a category tree (in id order) and answers how many there are. */
	long lockCategory(UUID categoryId) {
		return jdbc.sql("SELECT p.id FROM products p WHERE " + IN_CATEGORY + " ORDER BY p.id FOR UPDATE OF p")
			.param("category", categoryId)
			.query(UUID.class)
			.list()
			.size();
	}

	/**
	 * The products of a category tree that the change would take below zero (at most {@code limit}), and
	 * how many there are in all. New price: {@code round(price * (100 + percent) / 100, 2)} or
	 * {@code price + amount}; round() on numeric rounds halves away from zero.
	 */
	List<Negative> wouldGoNegative(UUID categoryId, @Nullable BigDecimal percent, @Nullable BigDecimal amount, int limit) {
		return jdbc.sql("SELECT p.id, p.sku, p.price, " + NEW_PRICE + " AS new_price FROM products p WHERE "
				+ IN_CATEGORY + " AND " + NEW_PRICE + " < 0 ORDER BY p.sku LIMIT :limit")
			.param("category", categoryId)
			.param("percent", percent)
			.param("amount", amount)
			.param("limit", limit)
			.query((rs, n) -> new Negative(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getBigDecimal("price"),
					rs.getBigDecimal("new_price")))
			.list();
	}

	long countNegative(UUID categoryId, @Nullable BigDecimal percent, @Nullable BigDecimal amount) {
		return jdbc.sql("SELECT count(*) FROM products p WHERE " + IN_CATEGORY + " AND " + NEW_PRICE + " < 0")
			.param("category", categoryId)
			.param("percent", percent)
			.param("amount", amount)
			.query(Long.class)
			.single();
	}

	private static final String NEW_PRICE = """
			(CASE WHEN :percent::numeric IS NOT NULL THEN round(p.price * (100 + :percent::numeric) / 100, 2)
			      ELSE p.price + :amount::numeric END)""";

	/** Applies the change to a category tree, keeping a price history row per changed product; answers the count. */
	int changePrices(UUID categoryId, @Nullable BigDecimal percent, @Nullable BigDecimal amount, Instant now,
			@Nullable UUID by) {
		return jdbc.sql("""
				WITH changed AS (
				    UPDATE products p SET price = %1$s, updated_at = :now
				    WHERE %2$s AND %1$s <> p.price
				    RETURNING p.id, p.price, p.price_includes_tax
				)
				INSERT INTO product_prices (id, product_id, price, price_includes_tax, changed_at, changed_by)
				SELECT uuidv7(), id, price, price_includes_tax, :now, :by FROM changed
				""".formatted(NEW_PRICE, IN_CATEGORY))
			.param("category", categoryId)
			.param("percent", percent)
			.param("amount", amount)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.update();
	}

	/** Of these ids, those that are no product. */
	List<UUID> unknown(Collection<UUID> ids) {
		return jdbc.sql("""
				SELECT v.id FROM unnest(:ids::uuid[]) AS v(id)
				WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = v.id) ORDER BY v.id
				""")
			.param("ids", ids.toArray(UUID[]::new))
			.query(UUID.class)
			.list();
	}

	/** Sets the active flag of the products with these ids that differ; answers how many changed. */
	int setActive(Collection<UUID> ids, boolean active, Instant now) {
		return jdbc.sql("""
				UPDATE products p SET active = :active, updated_at = :now
				WHERE p.id IN (SELECT id FROM products WHERE id = ANY(:ids::uuid[]) ORDER BY id FOR UPDATE)
				  AND p.active <> :active
				""")
			.param("ids", ids.toArray(UUID[]::new))
			.param("active", active)
			.param("now", Timestamp.from(now))
			.update();
	}

	/** Sets the active flag of the products of a category tree that differ; answers how many changed. */
	int setActive(UUID categoryId, boolean active, Instant now) {
		return jdbc.sql("""
				UPDATE products p SET active = :active, updated_at = :now
				WHERE p.id IN (SELECT p.id FROM products p WHERE %s ORDER BY p.id FOR UPDATE)
				  AND p.active <> :active
				""".formatted(IN_CATEGORY))
			.param("category", categoryId)
			.param("active", active)
			.param("now", Timestamp.from(now))
			.update();
	}

	private static Stored stored(ResultSet rs, int n) throws SQLException {
		return new Stored(rs.getObject("id", UUID.class), new ProductValues(rs.getString("sku"), rs.getString("name"),
				rs.getString("description"), rs.getObject("category_id", UUID.class), Unit.valueOf(rs.getString("unit")),
				rs.getBigDecimal("price"), rs.getBoolean("price_includes_tax"), rs.getObject("tax_class_id", UUID.class),
				rs.getString("hsn_code"), codes(rs.getArray("barcodes")), rs.getBoolean("track_stock"),
				rs.getBoolean("allow_negative_stock"), rs.getBoolean("active")));
	}

	private static List<String> codes(Array array) throws SQLException {
		return List.of((String[]) array.getArray());
	}
}
