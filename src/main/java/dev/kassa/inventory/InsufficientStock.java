package dev.kassa.inventory;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

import dev.kassa.platform.ApiException;

/** One or more products have less available than asked for; names each with what is available. */
public final class InsufficientStock extends ApiException {

	/** A product that is short. */
	public record Shortage(UUID productId, BigDecimal requested, BigDecimal available) {
	}

	private final List<Shortage> shortages;

	public InsufficientStock(List<Shortage> shortages) {
		super(HttpStatus.CONFLICT, "insufficient_stock",
				shortages.stream()
					.map(s -> s.productId() + ": requested " + s.requested().stripTrailingZeros().toPlainString()
							+ ", available " + s.available().stripTrailingZeros().toPlainString())
					.collect(Collectors.joining("; ", "Not enough stock: ", "")),
				List.of(), Map.of("shortages", shortages));
		this.shortages = List.copyOf(shortages);
	}

	public List<Shortage> shortages() {
		return shortages;
	}
}
