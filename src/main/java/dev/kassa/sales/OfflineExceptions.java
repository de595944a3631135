package dev.kassa.sales;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Page;

/** What sales made offline met when they arrived, for a manager to look at (docs/offline.md). */
@Service
public class OfflineExceptions {

	static final Set<String> KINDS = Set.of("STOCK_SHORT", "PRICE_CHANGED", "PRICE_UNEXPLAINED", "PRODUCT_INACTIVE",
			"CUSTOMER_MISSING", "LATE_ARRIVAL", "NUMBER_CANCELLED");

	private final OfflineExceptionStore store;

	OfflineExceptions(OfflineExceptionStore store) {
		this.store = store;
	}

	/** Newest first; a user limited to some locations sees only theirs. */
	public Page<OfflineException> list(@Nullable UUID locationId, @Nullable UUID sessionId, @Nullable UUID saleId,
			@Nullable String kind, @Nullable String cursor, @Nullable Integer limit, CurrentUser user) {
		if (locationId != null) {
			user.requireLocation(locationId);
		}
		if (kind != null && !KINDS.contains(kind)) {
			throw ApiException.invalid("kind", "must be one of " + String.join(", ", new java.util.TreeSet<>(KINDS)));
		}
		int size = Page.limit(limit);
		var only = user.locations() == null ? null
				: "{" + String.join(",", user.locations().stream().map(UUID::toString).toList()) + "}";
		return Page.of(store.page(only, locationId, sessionId, saleId, kind, Page.decodeId(cursor), size + 1), size,
				e -> e.id().toString());
	}
}
