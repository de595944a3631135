package dev.kassa.inventory;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.kassa.catalog.ProductReferences;
import dev.kassa.organization.LocationReferences;

/**
 * Stock refers to locations and products through its ledger: a location or product with movements is
 * kept (the product deactivated instead of deleted), so that the ledger stays readable.
 */
@Component
class StockReferences implements LocationReferences, ProductReferences {

	private final JdbcClient jdbc;

	StockReferences(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String what() {
		return "stock movements";
	}

	@Override
	public long count(UUID id) {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM stock_movements WHERE location_id = :id)
				     + (SELECT count(*) FROM stock_movements WHERE product_id = :id)
				""").param("id", id).query(Long.class).single();
	}
}
