package dev.kassa.customers;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.CurrentUser;
import dev.kassa.platform.Idempotency;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.gst.Gstin;

/**
 * Customers. Phone numbers are kept in E.164 and are unique; the purchase figures are kept on the
 * customer row by the sales module through {@link #recordPurchase}, inside the sale's transaction.
 */
@Service
public class Customers {

	private final CustomerStore store;

	private final PhoneNumbers phones;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Idempotency idempotency;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	Customers(CustomerStore store, PhoneNumbers phones, EventLog events, TransactionTemplate transactions,
			Idempotency idempotency) {
		this.store = store;
		this.phones = phones;
		this.events = events;
		this.transactions = transactions;
		this.idempotency = idempotency;
	}

	/** A customer as a client writes it; an update replaces every field. */
	public record CustomerInput(@NotBlank @Size(max = 200) String name, @Size(max = 32) @Nullable String phone,
			@Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+") @Nullable String email,
			@Size(max = 15) @Nullable String gstin, @Valid @Nullable Address billingAddress,
			@Valid @Nullable Address shippingAddress, @Size(max = 4000) @Nullable String notes,
			@Size(max = 20) @Nullable List<@NotNull @NotBlank @Size(max = 40) String> tags) {
	}

	/**
	 * A phone number as people type it, in E.164 (national numbers read in {@code kassa.customers.default-region}),
	 * for other modules that keep phone numbers; a 400 naming {@code field} when it is not a valid number.
	 */
	public String normalizePhone(String field, String phone) {
		return phones.normalize(field, phone);
	}

	public Customer get(UUID id) {
		return store.find(id).orElseThrow(() -> ApiException.notFound("Customer", id));
	}

	public PurchaseSummary summary(UUID id) {
		return store.summary(id).orElseThrow(() -> ApiException.notFound("Customer", id));
	}

	/**
	 * Lists customers, oldest first. {@code name} matches anywhere in the name, ignoring case and accents;
	 * {@code phone} is a prefix of the number as typed (national numbers in the default region).
	 */
	public Page<Customer> search(@Nullable String name, @Nullable String phone, @Nullable String tag,
			@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		var nameText = name == null || name.isBlank() ? null : name.strip();
		if (nameText != null && nameText.length() > 200) {
			throw ApiException.invalid("name", "must have at most 200 characters");
		}
		String prefix = null;
		if (phone != null && !phone.isBlank()) {
			if (phone.length() > 32 || !phone.matches("[0-9+()\\s.-]+")) {
				throw ApiException.invalid("phone", "must be up to 32 digits, spaces, + ( ) . or -");
			}
			prefix = phones.prefix(phone);
		}
		if (tag != null && tag.length() > 40) {
			throw ApiException.invalid("tag", "must have at most 40 characters");
		}
		var filter = new CustomerStore.Filter(nameText, prefix, tag == null || tag.isBlank() ? null : tag.strip());
		return Page.of(store.page(filter, Page.decodeId(cursor), size + 1), size, c -> c.id().toString());
	}

	public Idempotency.Response create(CustomerInput input, @Nullable String idempotencyKey) {
		var now = clock.instant();
		var customer = checked(Ids.next(), input, now, now);
		return idempotency.run("customer:create:" + CurrentUser.currentId(), idempotencyKey, input,
				HttpStatus.CREATED, () -> {
					if (!store.insert(customer)) {
						throw phoneTaken(customer.phone());
					}
					events.append("customer.created", "customer", customer.id(), null, customer);
					return customer;
				});
	}

	public Customer update(UUID id, CustomerInput input) {
		try {
			return transactions.execute(tx -> {
				var current = store.lock(id).orElseThrow(() -> ApiException.notFound("Customer", id));
				var changed = checked(id, input, current.createdAt(), clock.instant());
				if (changed.phone() != null) {
					store.byPhone(changed.phone()).filter(other -> !other.id().equals(id)).ifPresent(other -> {
						throw phoneTaken(changed.phone());
					});
				}
				store.update(changed);
				events.append("customer.updated", "customer", id, null, changed);
				return changed;
			});
		}
		catch (DuplicateKeyException ex) {
			throw phoneTaken(input.phone());
		}
	}

	/**
	 * The customer with this phone number, created with the name and free-text address when there is none
	 * (the seed's customer on an estimate). Joins the caller's transaction if there is one; a new
	 * customer appends {@code customer.created}.
	 */
	public Customer findOrCreateByPhone(String name, String phone, @Nullable String address) {
		var e164 = phones.normalize("phone", phone);
		var existing = store.byPhone(e164);
		if (existing.isPresent()) {
			return existing.get();
		}
		var now = clock.instant();
		var billing = address == null || address.isBlank() ? null
				: new Address(address.strip().length() > 200 ? address.strip().substring(0, 200) : address.strip(),
						null, null, null, null, null);
		var customer = checked(Ids.next(), new CustomerInput(name, e164, null, null, billing, null, null, null), now,
				now);
		return transactions.execute(tx -> {
			if (!store.insert(customer)) {
				return store.byPhone(e164).orElseThrow();
			}
			events.append("customer.created", "customer", customer.id(), null, customer);
			return customer;
		});
	}

	/**
	 * Adds a completed purchase to the customer's figures. For the sales module: must be called inside the
	 * sale's transaction, which appends the sale's event (this appends none of its own). One guarded
	 * UPDATE, so concurrent sales to one customer all count.
	 *
	 * @param amount the sale's total, not negative
	 */
	public void recordPurchase(UUID customerId, BigDecimal amount, Instant at) {
		changeFigures(customerId, amount, () -> store.addPurchase(customerId, amount, at));
	}

	/**
	 * Takes money given back out of the customer's figures: a voided sale (which also stops counting as a
	 * purchase) or a return. Like {@link #recordPurchase}, inside the transaction that appends the event.
	 *
	 * @param amount what was given back, not negative
	 * @param voided whether the whole sale was voided
	 */
	public void recordRefund(UUID customerId, BigDecimal amount, boolean voided) {
		changeFigures(customerId, amount, () -> store.subtractPurchase(customerId, amount, voided));
	}

	/** Runs the guarded update of a customer's figures inside the caller's transaction; 422 when no such customer. */
	private void changeFigures(UUID customerId, BigDecimal amount, java.util.function.BooleanSupplier update) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("a customer's figures change inside the transaction of the sale, void or return");
		}
		if (amount.signum() < 0) {
			throw ApiException.invalid("amount", "must not be negative");
		}
		if (!update.getAsBoolean()) {
			throw ApiException.unprocessable("unknown_customer", "Customer " + customerId + " does not exist",
					"customer_id");
		}
	}

	private Customer checked(UUID id, CustomerInput input, Instant createdAt, Instant updatedAt) {
		var errors = new ArrayList<ApiException.FieldError>();
		String phone = null;
		if (input.phone() != null && !input.phone().isBlank()) {
			try {
				phone = phones.normalize("phone", input.phone());
			}
			catch (ApiException ex) {
				errors.addAll(ex.errors());
			}
		}
		String gstin = null;
		if (input.gstin() != null && !input.gstin().isBlank()) {
			gstin = input.gstin().strip().toUpperCase(Locale.ROOT);
			var problem = Gstin.problem(gstin);
			if (problem != null) {
				errors.add(new ApiException.FieldError("gstin", "is not a valid GSTIN: " + problem));
			}
		}
		if (!errors.isEmpty()) {
			throw ApiException.invalid(errors);
		}
		var tags = input.tags() == null ? List.<String>of()
				: List.copyOf(new LinkedHashSet<>(input.tags().stream().map(String::strip).toList()));
		return new Customer(id, input.name().strip(), phone,
				input.email() == null || input.email().isBlank() ? null : input.email().strip(), gstin,
				input.billingAddress(), input.shippingAddress(),
				input.notes() == null || input.notes().isBlank() ? null : input.notes().strip(), tags, createdAt,
				updatedAt);
	}

	private static ApiException phoneTaken(@Nullable String phone) {
		return new ApiException(HttpStatus.CONFLICT, "duplicate_phone",
				"Another customer has the phone number " + phone,
				List.of(new ApiException.FieldError("phone", "is already used")), java.util.Map.of());
	}
}
