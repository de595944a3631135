package dev.kassa.delivery;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.kassa.catalog.ProductReferences;
import dev.kassa.organization.LocationReferences;

/**
 * Keeps a location with drivers, vehicles or delivery orders, and a product on a delivery order, from being
 * deleted (they are deactivated instead). A location's depot coordinates alone do not keep it: they go with it.
 */
@Component
class DeliveryReferences implements LocationReferences, ProductReferences {

	private final JdbcClient jdbc;

	DeliveryReferences(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public String what() {
		return "delivery orders, drivers and vehicles";
	}

	@Override
	public long count(UUID id) {
		return jdbc.sql("""
				SELECT (SELECT count(*) FROM delivery_orders WHERE location_id = :id)
				     + (SELECT count(*) FROM drivers WHERE home_location_id = :id)
				     + (SELECT count(*) FROM vehicles WHERE location_id = :id)
				     + (SELECT count(*) FROM delivery_orders
				         WHERE items @> jsonb_build_array(jsonb_build_object('product_id', :id::text)))
				""").param("id", id).query(Long.class).single();
	}

	/** Runs in the transaction that deletes the location, which appends its event. */
	@Override
	public void release(UUID locationId) {
		jdbc.sql("DELETE FROM delivery_depots WHERE location_id = :id").param("id", locationId).update();
		jdbc.sql("DELETE FROM delivery_proof_settings WHERE location_id = :id").param("id", locationId).update();
	}
}
