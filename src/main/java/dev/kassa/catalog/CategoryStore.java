package dev.kassa.catalog;

import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The categories table: a tree by parent_id. */
@Repository
class CategoryStore {

	private static final String COLUMNS = "id, parent_id, name, description, created_at, updated_at";

	private static final RowMapper<Category> MAPPER = (rs, n) -> new Category(rs.getObject("id", UUID.class),
			rs.getObject("parent_id", UUID.class), rs.getString("name"), rs.getString("description"),
			rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());

	private final JdbcClient jdbc;

	CategoryStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(Category category) {
		jdbc.sql("""
				INSERT INTO categories (id, parent_id, name, description, created_at, updated_at)
				VALUES (:id, :parent, :name, :description, :now, :now)
				""")
			.param("id", category.id())
			.param("parent", category.parentId())
			.param("name", category.name())
			.param("description", category.description())
			.param("now", Timestamp.from(category.createdAt()))
			.update();
	}

	void update(Category category) {
		jdbc.sql("""
				UPDATE categories SET parent_id = :parent, name = :name, description = :description, updated_at = :now
				WHERE id = :id
				""")
			.param("id", category.id())
			.param("parent", category.parentId())
			.param("name", category.name())
			.param("description", category.description())
			.param("now", Timestamp.from(category.updatedAt()))
			.update();
	}

	int delete(UUID id) {
		return jdbc.sql("DELETE FROM categories WHERE id = :id").param("id", id).update();
	}

	Optional<Category> find(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM categories WHERE id = :id").param("id", id).query(MAPPER).optional();
	}

	Optional<Category> lock(UUID id) {
		return jdbc.sql("SELECT " + COLUMNS + " FROM categories WHERE id = :id FOR UPDATE")
			.param("id", id)
			.query(MAPPER)
			.optional();
	}

	boolean exists(UUID id) {
		return jdbc.sql("SELECT count(*) FROM categories WHERE id = :id").param("id", id).query(Long.class).single() > 0;
	}

	boolean nameTaken(@Nullable UUID parentId, String name, @Nullable UUID except) {
		return jdbc.sql("""
				SELECT count(*) FROM categories
				WHERE parent_id IS NOT DISTINCT FROM :parent::uuid AND lower(name) = lower(:name)
				  AND (:except::uuid IS NULL OR id <> :except)
				""")
			.param("parent", parentId)
			.param("name", name)
			.param("except", except)
			.query(Long.class)
			.single() > 0;
	}

	/** Whether {@code candidate} is {@code id} itself or lies below it. */
	boolean isWithin(UUID candidate, UUID id) {
		return jdbc.sql("""
				WITH RECURSIVE tree (id) AS (
				    SELECT id FROM categories WHERE id = :root
				    UNION ALL
				    SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id
				)
				SELECT count(*) FROM tree WHERE id = :candidate
				""")
			.param("root", id)
			.param("candidate", candidate)
			.query(Long.class)
			.single() > 0;
	}

	/** The whole tree, for resolving category paths in bulk work. */
	List<Category> all() {
		return jdbc.sql("SELECT " + COLUMNS + " FROM categories ORDER BY id").query(MAPPER).list();
	}

	long children(UUID id) {
		return jdbc.sql("SELECT count(*) FROM categories WHERE parent_id = :id").param("id", id).query(Long.class).single();
	}

	List<Category> page(@Nullable UUID after, @Nullable UUID parent, boolean topOnly, int limit) {
		return jdbc.sql("SELECT " + COLUMNS + """
				 FROM categories
				WHERE (:after::uuid IS NULL OR id > :after)
				  AND (:parent::uuid IS NULL OR parent_id = :parent)
				  AND (NOT :top OR parent_id IS NULL)
				ORDER BY id LIMIT :limit
				""")
			.param("after", after)
			.param("parent", parent)
			.param("top", topOnly)
			.param("limit", limit)
			.query(MAPPER)
			.list();
	}
}
