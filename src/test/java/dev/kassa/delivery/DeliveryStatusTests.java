package dev.kassa.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static dev.kassa.delivery.DeliveryStatus.ASSIGNED;
import static dev.kassa.delivery.DeliveryStatus.CANCELLED;
import static dev.kassa.delivery.DeliveryStatus.DELIVERED;
import static dev.kassa.delivery.DeliveryStatus.FAILED;
import static dev.kassa.delivery.DeliveryStatus.OUT_FOR_DELIVERY;
import static dev.kassa.delivery.DeliveryStatus.PENDING;

class DeliveryStatusTests {

	/** Every pair of statuses: exactly these moves are legal. */
	@Test
	void onlyTheDocumentedMovesAreLegal() {
		var legal = Map.of(PENDING, Set.of(ASSIGNED, CANCELLED), ASSIGNED, Set.of(OUT_FOR_DELIVERY, CANCELLED, PENDING),
				OUT_FOR_DELIVERY, Set.of(DELIVERED, FAILED), DELIVERED, Set.<DeliveryStatus>of(), FAILED,
				Set.of(PENDING), CANCELLED, Set.<DeliveryStatus>of());
		for (var from : DeliveryStatus.values()) {
			for (var to : DeliveryStatus.values()) {
				assertThat(from.mayBecome(to)).as(from + " -> " + to).isEqualTo(legal.get(from).contains(to));
			}
		}
		assertThat(EnumSet.allOf(DeliveryStatus.class)).hasSize(legal.size());
	}
}
