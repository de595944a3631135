package dev.kassa.numbering;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kassa.events.EventLog;
import dev.kassa.organization.FinancialYear;
import dev.kassa.organization.FinancialYearClosed;
import dev.kassa.organization.FinancialYears;
import dev.kassa.organization.Location;
import dev.kassa.organization.Locations;
import dev.kassa.organization.OrganizationProfile;
import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.ApiException;
import dev.kassa.platform.Ids;
import dev.kassa.platform.Page;
import dev.kassa.platform.SqlPart;

/**
 * Gapless document numbers. {@link #take} runs in the caller's transaction and holds the series row until
 * that transaction ends, so the numbers committed in a series are exactly 1..N, whatever rolls back or crashes.
 */
@Service
public class DocumentNumbers {

	private static final Logger log = LoggerFactory.getLogger(DocumentNumbers.class);

	/** The types a location gets a series for by default, so that selling works out of the box. */
	public static final List<DocumentType> DEFAULT_TYPES = List.of(DocumentType.SALE, DocumentType.ESTIMATE,
			DocumentType.CREDIT_NOTE);

	private final SeriesStore repository;

	private final Locations locations;

	private final FinancialYears years;

	private final OrganizationService organization;

	private final EventLog events;

	private final TransactionTemplate transactions;

	private final TransactionTemplate newTransactions;

	private final Clock clock = dev.kassa.platform.KassaClock.utc();

	DocumentNumbers(SeriesStore repository, Locations locations, FinancialYears years,
			OrganizationService organization, EventLog events, PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.locations = locations;
		this.years = years;
		this.organization = organization;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.newTransactions = new TransactionTemplate(transactionManager);
		this.newTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	public record NewSeries(@Nullable DocumentType documentType, @Nullable UUID locationId,
			@Nullable UUID financialYearId, @Nullable String format) {
	}

	/** The number the series gives next, without taking it. */
	public record NextNumber(UUID seriesId, String number, long sequence) {
	}

	/**
	 * Takes the next number of the series for the type, the location and the financial year containing
	 * the document's date. Must run inside the caller's transaction, which must append its event: the
	 * series row stays locked until it commits or rolls back (a rollback gives the number back). Call it as
	 * late as possible in the transaction, or write the document in the same statement with
	 * {@link #takeInStatement}. Refuses with 409 when no open year contains the date, the location has no
	 * series for it, or the series is exhausted.
	 */
	public String take(DocumentType type, UUID locationId, LocalDate documentDate) {
		requireTransaction();
		return repository.takeAlone(type, locationId, documentDate)
			.orElseThrow(() -> whyNoNumber(type, locationId, documentDate).orElseGet(() -> ApiException.conflict(
					"document_series_busy", "The " + type + " series changed while a number was taken; try again")));
	}

	/**
	 * The part of a statement that takes the number, for a document written in the same statement: a
	 * common table expression {@code taken} with one column, {@code number}, and one row, or none when
	 * the number cannot be taken ({@link #whyNoNumber} says why). It must come first; the parts after it
	 * select {@code FROM taken}. The same rules hold as for {@link #take}.
	 */
	public SqlPart takeInStatement(DocumentType type, UUID locationId, LocalDate documentDate) {
		requireTransaction();
		return repository.take(type, locationId, documentDate);
	}

	/**
	 * Why no number can be taken now: the 409 that {@link #take} throws; empty when one can. Asked after a
	 * statement that took no number has rolled back.
	 */
	public Optional<ApiException> whyNoNumber(DocumentType type, UUID locationId, LocalDate documentDate) {
		var year = years.containing(documentDate).orElse(null);
		if (year == null) {
			return Optional.of(ApiException.conflict("no_financial_year",
					"No financial year contains " + documentDate
							+ "; an admin creates one first: POST /api/v1/organization/financial-years",
					Map.of("missing", List.of(Map.of("what", "financial_year", "date", documentDate.toString(),
							"create", "POST /api/v1/organization/financial-years")))));
		}
		if (year.closed()) {
			return Optional.of(ApiException.conflict("financial_year_closed",
					"The financial year " + year.code() + " is closed; it takes no new documents"));
		}
		var series = repository.find(type, locationId, year.id());
		if (series.isEmpty()) {
			return Optional.of(ApiException.conflict("no_document_series", "Location " + locationId + " has no "
					+ type + " series for the financial year " + year.code() + ": POST /api/v1/document-series",
					Map.of("document_type", type, "location_id", locationId, "financial_year_id", year.id(),
							"missing", List.of(Map.of("what", "document_series", "create", "POST /api/v1/document-series")))));
		}
		if (series.get().nextValue() > series.get().maxValue()) {
			return Optional.of(ApiException.conflict("document_series_exhausted", "The " + type
					+ " series of location " + locationId + " in " + year.code() + " has given out all its numbers"));
		}
		return Optional.empty();
	}

	private static void requireTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("document numbers are taken inside the document's transaction");
		}
	}

	/**
	 * A year being closed closes its series in the same transaction, once every document holding one of
	 * their rows has committed or rolled back; no number is taken in the year after that.
	 */
	@EventListener
	void yearClosed(FinancialYearClosed closed) {
		repository.closeYear(closed.year().id());
	}

	public DocumentSeries create(NewSeries request) {
		if (request.documentType() == null) {
			throw ApiException.invalid("document_type", "is required");
		}
		if (request.locationId() == null) {
			throw ApiException.invalid("location_id", "is required");
		}
		if (request.financialYearId() == null) {
			throw ApiException.invalid("financial_year_id", "is required");
		}
		if (request.format() == null || request.format().isBlank()) {
			throw ApiException.invalid("format", "is required");
		}
		var location = locations.getOrInvalid(request.locationId(), "location_id");
		var year = years.getOrInvalid(request.financialYearId(), "financial_year_id");
		var india = india();
		SeriesFormat format;
		try {
			format = SeriesFormat.parse(request.format(), india);
		}
		catch (SeriesFormat.Invalid ex) {
			throw ApiException.invalid("format", ex.getMessage());
		}
		if (india) {
			int longest = format.longest(location.code(), year.code());
			if (longest > SeriesFormat.INDIA_MAX_LENGTH) {
				throw ApiException.invalid("format", "could give numbers of " + longest + " characters, e.g. "
						+ format.render(location.code(), year.code(), format.maxValue())
						+ "; in India a document number has at most " + SeriesFormat.INDIA_MAX_LENGTH);
			}
		}
		var series = newSeries(request.documentType(), location, year, request.format(), format);
		return transactions.execute(tx -> {
			if (!repository.insert(series)) {
				throw ApiException.conflict("document_series_exists", "Location " + location.code() + " has a "
						+ request.documentType() + " series for " + year.code() + " already");
			}
			events.append("document_series.created", "document_series", series.id(), location.id(), series);
			return series;
		});
	}

	private DocumentSeries newSeries(DocumentType type, Location location, FinancialYear year, String text,
			SeriesFormat format) {
		var now = clock.instant();
		return new DocumentSeries(Ids.next(), type, location.id(), location.code(), year.id(), year.code(), text, 1,
				format.maxValue(), now, now);
	}

	private boolean india() {
		return organization.profile().map(OrganizationProfile::inIndia).orElse(false);
	}

	public DocumentSeries get(UUID id) {
		return repository.find(id).orElseThrow(() -> ApiException.notFound("Document series", id));
	}

	/** @param only the locations the caller is limited to; {@code null} for all */
	public Page<DocumentSeries> list(@Nullable String cursor, @Nullable Integer limit, @Nullable Set<UUID> only,
			@Nullable UUID locationId, @Nullable DocumentType type, @Nullable UUID financialYearId) {
		int size = Page.limit(limit);
		return Page.of(repository.page(Page.decodeId(cursor), size + 1, only, locationId, type, financialYearId),
				size, s -> s.id().toString());
	}

	/** The next number of the series, without taking it; another document may take it first. */
	public NextNumber preview(UUID id) {
		var series = get(id);
		if (series.nextValue() > series.maxValue()) {
			throw ApiException.conflict("document_series_exhausted", "The series has given out all its numbers");
		}
		var number = SeriesFormat.parse(series.format(), false)
			.render(series.locationCode(), series.financialYearCode(), series.nextValue());
		return new NextNumber(id, number, series.nextValue());
	}

	/**
	 * Makes sure the location has a series of the type for the year, creating the default one in a
	 * transaction of its own if not. Empty when the location's and year's codes leave no room for one.
	 */
	public Optional<DocumentSeries> ensureDefault(DocumentType type, UUID locationId, UUID financialYearId) {
		var existing = repository.find(type, locationId, financialYearId);
		if (existing.isPresent()) {
			return existing;
		}
		var location = locations.get(locationId);
		var year = years.get(financialYearId);
		var text = SeriesFormat.defaultFor(type, location.code(), year.code(), india());
		if (text == null) {
			log.warn("No default {} series fits location {} in {}; create one by hand", type, location.code(),
					year.code());
			return Optional.empty();
		}
		var series = newSeries(type, location, year, text, SeriesFormat.parse(text, false));
		return newTransactions.execute(tx -> {
			if (repository.insert(series)) {
				events.append("document_series.created", "document_series", series.id(), location.id(), series);
				return Optional.of(series);
			}
			return repository.find(type, locationId, financialYearId);
		});
	}

	/** The default series of every default type for the location and year. */
	public void ensureDefaults(UUID locationId, UUID financialYearId) {
		for (var type : DEFAULT_TYPES) {
			ensureDefault(type, locationId, financialYearId);
		}
	}
}
