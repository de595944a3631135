package dev.kassa.organization;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.gst.Gstin;

/** The organization's profile, its tax registrations and its bank accounts. */
@Service
public class OrganizationService {

	private final OrganizationStore repository;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	OrganizationService(OrganizationStore repository, EventLog events, TransactionTemplate transactions) {
		this.repository = repository;
		this.events = events;
		this.transactions = transactions;
	}

	public record ProfileChange(@Nullable String legalName, @Nullable String tradeName, @Nullable String address,
			@Nullable String country, @Nullable String currency, @Nullable String timeZone) {
	}

	public record NewTaxRegistration(@Nullable String country, @Nullable String number, @Nullable String label) {
	}

	public record NewBankAccount(@Nullable String bankName, @Nullable String accountName,
			@Nullable String accountNumber, @Nullable String ifsc, @Nullable String iban) {
	}

	/** The profile, empty until an admin has set it. */
	public Optional<OrganizationProfile> profile() {
		return repository.profile();
	}

	public OrganizationProfile requireProfile() {
		return profile().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "organization_not_set_up",
				"The organization profile has not been set yet; an admin sets it with PUT /api/v1/organization"));
	}

	public OrganizationProfile updateProfile(ProfileChange change) {
		var legalName = Checks.required(change.legalName(), "legal_name", 200);
		var tradeName = Checks.optionalOrNull(change.tradeName(), "trade_name", 200);
		var address = Checks.optionalOrNull(change.address(), "address", 1000);
		var country = Checks.country(change.country(), "country");
		var currency = Checks.currency(change.currency(), "currency");
		var zone = Checks.zone(change.timeZone(), "time_zone");
		var now = clock.instant();
		return transactions.execute(tx -> {
			var created = repository.saveProfile(
					new OrganizationProfile(legalName, tradeName, address, country, currency, zone, now, now));
			var saved = requireProfile();
			events.append(created ? "organization.created" : "organization.updated", "organization",
					new UUID(0, 0), null, saved);
			return saved;
		});
	}

	public TaxRegistration register(NewTaxRegistration request) {
		var country = Checks.country(request.country(), "country");
		var number = Checks.required(request.number(), "number", 40).toUpperCase(Locale.ROOT).replace(" ", "");
		var label = Checks.optionalOrNull(request.label(), "label", 200);
		String kind;
		String stateCode = null;
		if (country.equals("IN")) {
			var problem = Gstin.problem(number);
			if (problem != null) {
				throw ApiException.invalid("number", "is not a valid GSTIN: " + problem);
			}
			kind = "GSTIN";
			stateCode = number.substring(0, 2);
		}
		else {
			if (!number.matches("[A-Z0-9][A-Z0-9./-]{1,39}")) {
				throw ApiException.invalid("number", "must be 2 to 40 letters, digits, '.', '/' or '-'");
			}
			kind = "TAX_ID";
		}
		var registration = new TaxRegistration(Ids.next(), kind, country, number, stateCode, label, clock.instant());
		return transactions.execute(tx -> {
			if (!repository.insert(registration)) {
				throw ApiException.conflict("tax_registration_exists",
						"The tax number " + number + " of " + country + " is registered already");
			}
			events.append("tax_registration.created", "tax_registration", registration.id(), null, registration);
			return registration;
		});
	}

	public TaxRegistration taxRegistration(UUID id) {
		return repository.taxRegistration(id).orElseThrow(() -> ApiException.notFound("Tax registration", id));
	}

	public Page<TaxRegistration> taxRegistrations(@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(repository.taxRegistrations(Page.decodeId(cursor), size + 1), size, r -> r.id().toString());
	}

	public void deleteTaxRegistration(UUID id) {
		transactions.executeWithoutResult(tx -> {
			var registration = taxRegistration(id);
			repository.deleteTaxRegistration(id);
			events.append("tax_registration.deleted", "tax_registration", id, null, registration);
		});
	}

	public BankAccount addBankAccount(NewBankAccount request) {
		var bankName = Checks.required(request.bankName(), "bank_name", 200);
		var accountName = Checks.required(request.accountName(), "account_name", 200);
		var accountNumber = Checks.optionalOrNull(request.accountNumber(), "account_number", 34);
		var ifsc = Checks.optionalOrNull(request.ifsc(), "ifsc", 11);
		var iban = Checks.optionalOrNull(request.iban(), "iban", 50);
		if ((ifsc == null) == (iban == null)) {
			throw ApiException.invalid("ifsc", "give either ifsc (with account_number) or iban");
		}
		if (ifsc != null) {
			ifsc = ifsc.toUpperCase(Locale.ROOT);
			if (!BankCodes.validIfsc(ifsc)) {
				throw ApiException.invalid("ifsc", "must be 4 letters, a zero and 6 letters or digits, e.g. HDFC0001234");
			}
			if (accountNumber == null) {
				throw ApiException.invalid("account_number", "is required with an IFSC");
			}
			if (!accountNumber.matches("[0-9]{9,18}")) {
				throw ApiException.invalid("account_number", "must be 9 to 18 digits");
			}
		}
		else {
			iban = iban.replace(" ", "").toUpperCase(Locale.ROOT);
			var problem = BankCodes.ibanProblem(iban);
			if (problem != null) {
				throw ApiException.invalid("iban", problem);
			}
			if (accountNumber != null && !accountNumber.matches("[A-Za-z0-9]{1,34}")) {
				throw ApiException.invalid("account_number", "must be letters and digits");
			}
		}
		var account = new BankAccount(Ids.next(), bankName, accountName, accountNumber, ifsc, iban, clock.instant());
		return transactions.execute(tx -> {
			repository.insert(account);
			events.append("bank_account.created", "bank_account", account.id(), null, describe(account));
			return account;
		});
	}

	public BankAccount bankAccount(UUID id) {
		return repository.bankAccount(id).orElseThrow(() -> ApiException.notFound("Bank account", id));
	}

	public Page<BankAccount> bankAccounts(@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(repository.bankAccounts(Page.decodeId(cursor), size + 1), size, a -> a.id().toString());
	}

	public void deleteBankAccount(UUID id) {
		transactions.executeWithoutResult(tx -> {
			var account = bankAccount(id);
			repository.deleteBankAccount(id);
			events.append("bank_account.deleted", "bank_account", id, null, describe(account));
		});
	}

	private static Map<String, @Nullable Object> describe(BankAccount account) {
		var map = new LinkedHashMap<String, @Nullable Object>();
		map.put("bank_name", account.bankName());
		map.put("account_name", account.accountName());
		map.put("account_number", account.accountNumber());
		map.put("ifsc", account.ifsc());
		map.put("iban", account.iban());
		return map;
	}
}
