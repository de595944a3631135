package dev.kassa.organization;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;

/** Financial years: they never overlap, and a closed one takes no new documents. */
@Service
public class FinancialYears {

	private final FinancialYearStore repository;

	private final OrganizationService organization;

	private final EventLog events;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	FinancialYears(FinancialYearStore repository, OrganizationService organization, EventLog events,
			ApplicationEventPublisher publisher, TransactionTemplate transactions) {
		this.repository = repository;
		this.organization = organization;
		this.events = events;
		this.publisher = publisher;
		this.transactions = transactions;
	}

	/** @param code optional; derived from the years of both ends when absent ({@code 2627}) */
	public record NewFinancialYear(@Nullable LocalDate startsOn, @Nullable LocalDate endsOn, @Nullable String code) {
	}

	public FinancialYear create(NewFinancialYear request) {
		var startsOn = request.startsOn();
		var endsOn = request.endsOn();
		if (startsOn == null) {
			throw ApiException.invalid("starts_on", "is required");
		}
		if (endsOn == null) {
			throw ApiException.invalid("ends_on", "is required");
		}
		requireFourDigitYear(startsOn, "starts_on");
		requireFourDigitYear(endsOn, "ends_on");
		if (endsOn.isBefore(startsOn)) {
			throw ApiException.invalid("ends_on", "must not be before starts_on");
		}
		if (!endsOn.isBefore(startsOn.plusMonths(18))) {
			throw ApiException.invalid("ends_on", "a financial year lasts less than 18 months");
		}
		var code = request.code() == null || request.code().isBlank() ? defaultCode(startsOn, endsOn)
				: request.code().strip();
		if (!code.matches("[A-Z0-9]{2,8}")) {
			throw ApiException.invalid("code", "must be 2 to 8 upper-case letters or digits");
		}
		var year = new FinancialYear(Ids.next(), code, startsOn, endsOn, false, null, clock.instant());
		return transactions.execute(tx -> {
			repository.lockForCreation();
			repository.overlapping(startsOn, endsOn).ifPresent(other -> {
				throw ApiException.conflict("financial_years_overlap",
						"The year " + startsOn + " to " + endsOn + " overlaps the financial year " + other.code() + " ("
								+ other.startsOn() + " to " + other.endsOn() + ")",
						Map.of("overlapping_year_id", other.id(), "overlapping_year_code", other.code()));
			});
			if (repository.codeTaken(code)) {
				throw ApiException.conflict("financial_year_code_taken", "A financial year has the code " + code);
			}
			repository.insert(year);
			events.append("financial_year.created", "financial_year", year.id(), null, year);
			publisher.publishEvent(new FinancialYearCreated(year));
			return year;
		});
	}

	/**
	 * JSON dates may carry any year ISO allows ({@code +999999999-12-31}); past four digits the length check
	 * overflows and the database refuses them, so they are refused here, naming the field.
	 */
	private static void requireFourDigitYear(LocalDate date, String field) {
		if (date.getYear() < 1 || date.getYear() > 9999) {
			throw ApiException.invalid(field, "must be a date from 0001-01-01 to 9999-12-31");
		}
	}

	static String defaultCode(LocalDate startsOn, LocalDate endsOn) {
		if (startsOn.getYear() == endsOn.getYear()) {
			return Integer.toString(startsOn.getYear());
		}
		return String.format("%02d%02d", startsOn.getYear() % 100, endsOn.getYear() % 100);
	}

	public FinancialYear get(UUID id) {
		return repository.find(id).orElseThrow(() -> ApiException.notFound("Financial year", id));
	}

	/** The year a request names in {@code field}; a 400 naming the field when there is none. */
	public FinancialYear getOrInvalid(UUID id, String field) {
		return repository.find(id).orElseThrow(() -> ApiException.invalid(field, "names no financial year"));
	}

	public Page<FinancialYear> list(@Nullable String cursor, @Nullable Integer limit) {
		int size = Page.limit(limit);
		return Page.of(repository.page(Page.decodeId(cursor), size + 1), size, y -> y.id().toString());
	}

	public FinancialYear close(UUID id) {
		return transactions.execute(tx -> {
			var year = get(id);
			if (!repository.close(id, clock.instant())) {
				throw ApiException.conflict("financial_year_closed", "The financial year " + year.code() + " is closed already");
			}
			var closed = get(id);
			publisher.publishEvent(new FinancialYearClosed(closed));
			events.append("financial_year.closed", "financial_year", id, null, closed);
			return closed;
		});
	}

	/** The year that contains the date, open or closed. */
	public Optional<FinancialYear> containing(LocalDate date) {
		return repository.containing(date);
	}

	/** The year that contains today in the organization's time zone (UTC until it is set). */
	public Optional<FinancialYear> current() {
		var zone = organization.profile().map(p -> ZoneId.of(p.timeZone())).orElse(ZoneId.of("UTC"));
		return containing(LocalDate.now(clock.withZone(zone)));
	}
}
