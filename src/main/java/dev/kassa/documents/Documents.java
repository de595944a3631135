package dev.kassa.documents;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

import dev.kassa.customers.Address;
import dev.kassa.customers.Customer;
import dev.kassa.customers.Customers;
import dev.kassa.identity.IdentityService;
import dev.kassa.organization.Location;
import dev.kassa.organization.Locations;
import dev.kassa.organization.OrganizationProfile;
import dev.kassa.organization.OrganizationService;
import dev.kassa.platform.CurrentUser;
import dev.kassa.sales.Estimate;
import dev.kassa.sales.Estimates;
import dev.kassa.sales.Sale;
import dev.kassa.sales.SaleExtras;
import dev.kassa.sales.SaleLine;
import dev.kassa.sales.SaleReturn;
import dev.kassa.sales.SaleStatus;
import dev.kassa.sales.Sales;
import dev.kassa.tills.Terminals;

/**
 * Receipts, GST tax invoices, credit notes and quotations as PDF, for other modules (the notifications
 * module mails receipts) and for the HTTP API. Each method reads the document with the same access rules
 * as reading its sale or estimate (404 for what the user may not see) and renders it at once; nothing is
 * stored. A method called outside a request passes the user the document is for, e.g. the one who made
 * the sale.
 */
@Service
class Documents {

	/** Bumped when a layout changes, so that clients holding an ETag fetch the new look. */
	private static final String LAYOUT_VERSION = "2";

	/**
	 * A rendered document.
	 *
	 * @param fileName safe to put in a {@code Content-Disposition} header, e.g. {@code invoice-BLR1-2627-000042.pdf}
	 * @param etag a weak HTTP entity tag of what the document was made from
	 */
	public record Document(String fileName, String contentType, byte[] content, String etag) {
	}

	private final Sales sales;

	private final Estimates estimates;

	private final Locations locations;

	private final OrganizationService organization;

	private final Customers customers;

	private final IdentityService identity;

	private final PdfFonts fonts;

	private final DocumentSettings settings;

	private final Terminals terminals;

	Documents(Sales sales, Estimates estimates, Locations locations, OrganizationService organization,
			Customers customers, IdentityService identity, PdfFonts fonts, DocumentSettings settings,
			ObjectProvider<SaleExtras> extras, Terminals terminals) {
		this.extras = extras;
		this.terminals = terminals;
		this.sales = sales;
		this.estimates = estimates;
		this.locations = locations;
		this.organization = organization;
		this.customers = customers;
		this.identity = identity;
		this.fonts = fonts;
		this.settings = settings;
	}

	private final ObjectProvider<SaleExtras> extras;

	/** What is collected with the sale apart from it (deposits), from the modules that keep it. */
	private List<SaleExtras.Extra> extrasOf(Sale sale) {
		return extras.orderedStream().flatMap(provider -> provider.of(sale.id()).stream()).toList();
	}

	/** An 80 mm thermal receipt of a sale. */
	public Document receipt(UUID saleId, CurrentUser user) {
		return prepareReceipt(saleId, user).render();
	}

	/** The A4 GST tax invoice of a sale ("Original for recipient"); a voided sale's is marked VOID. */
	public Document invoice(UUID saleId, CurrentUser user) {
		return prepareInvoice(saleId, user).render();
	}

	/** The A4 credit note of a return of a sale. */
	public Document creditNote(UUID saleId, UUID returnId, CurrentUser user) {
		return prepareCreditNote(saleId, returnId, user).render();
	}

	/** The A4 quotation of an estimate, with its validity. */
	public Document quotation(UUID estimateId, CurrentUser user) {
		return prepareQuotation(estimateId, user).render();
	}

	/** A document read and tagged, not yet rendered: a request whose ETag matches needs no rendering. */
	record Prepared(String etag, Supplier<Document> renderer) {

		Document render() {
			return renderer.get();
		}
	}

	Prepared prepareReceipt(UUID saleId, CurrentUser user) {
		return receiptOf(sales.get(saleId, user));
	}

	/** The receipt of a sale already read with the caller's access rules. */
	Prepared receiptOf(Sale sale) {
		var context = context(sale.locationId(), sale.customerId());
		var saleExtras = extrasOf(sale);
		var tag = tag("receipt" + saleExtras, sale.id(), sale.status(), sale.voidedAt(), context);
		return new Prepared(tag, () -> {
			var cashier = identity.users(Set.of(sale.cashierId())).get(sale.cashierId());
			var fileName = Formats.fileName("receipt", sale.number());
			try (var pdf = new Pdf(fonts, "Receipt " + sale.number(), sale.createdAt())) {
				ReceiptLayout.render(pdf, new ReceiptLayout.Receipt(sale, seller(context), context.location().name(),
						ZoneId.of(context.location().timeZone()),
						cashier == null ? sale.cashierId().toString() : cashier.displayName(),
						context.customer() == null ? null : context.customer().name(), terminal(sale), settings.receiptFooter(),
						symbol(sale.currency()), saleExtras));
				return new Document(fileName, "application/pdf", pdf.finish(), tag);
			}
		});
	}

	Prepared prepareInvoice(UUID saleId, CurrentUser user) {
		return invoiceOf(sales.get(saleId, user));
	}

	/** The invoice of a sale already read with the caller's access rules. */
	Prepared invoiceOf(Sale sale) {
		var context = context(sale.locationId(), sale.customerId());
		var saleExtras = extrasOf(sale);
		var tag = tag("invoice" + saleExtras, sale.id(), sale.status(), sale.voidedAt(), context);
		return new Prepared(tag, () -> {
			var rows = rows(sale.lines());
			var paper = new Paper(Paper.Kind.INVOICE, sale.number(), sale.businessDate(), seller(context),
					buyer(context), sale.placeOfSupply(), Paper.Supply.of(sale.supply()), sale.currency(), rows,
					new Paper.Totals(sale.subtotal(), sale.discountTotal(), sale.taxable(), sale.cgst(), sale.sgst(),
							sale.igst(), sale.cess(), sale.taxTotal(), sale.total()),
					null, null, sale.voidReason(), sale.status() == SaleStatus.VOIDED, context.bank(), sale.notes(),
					saleExtras);
			return render(paper, sale.createdAt(), tag);
		});
	}

	Prepared prepareCreditNote(UUID saleId, UUID returnId, CurrentUser user) {
		var sale = sales.get(saleId, user);
		var credit = sales.getReturn(saleId, returnId, user);
		var context = context(sale.locationId(), sale.customerId());
		var tag = tag("credit-note", credit.id(), null, null, context);
		return new Prepared(tag, () -> render(creditPaper(sale, credit, context), credit.createdAt(), tag));
	}

	Prepared prepareQuotation(UUID estimateId, CurrentUser user) {
		var estimate = estimates.get(estimateId, user);
		var context = context(estimate.locationId(), estimate.customerId());
		var tag = tag("quotation", estimate.id(), estimate.status(), estimate.cancelledAt(), context);
		return new Prepared(tag, () -> render(quotationPaper(estimate, context), estimate.createdAt(), tag));
	}

	private Document render(Paper paper, Instant created, String tag) {
		try (var pdf = new Pdf(fonts, paper.kind().label + " " + paper.number(), created)) {
			InvoiceLayout.render(pdf, paper, symbol(paper.currency()));
			return new Document(Formats.fileName(paper.kind().file, paper.number()), "application/pdf", pdf.finish(),
					tag);
		}
	}

	// What a document is made of

	/** What the receipt names as the till: the terminal's code, else an old sale's free-text label. */
	private @Nullable String terminal(Sale sale) {
		if (sale.terminalId() != null) {
			var terminal = terminals.find(sale.terminalId());
			if (terminal.isPresent()) {
				return terminal.get().code();
			}
		}
		return sale.terminalLabel();
	}

	/** The organization, the location and the customer of a document, read once. */
	private record Context(OrganizationProfile profile, Location location, @Nullable Customer customer,
			@Nullable String gstin, Paper.@Nullable Bank bank, @Nullable UUID bankId) {
	}

	private Context context(UUID locationId, @Nullable UUID customerId) {
		var profile = organization.requireProfile();
		var location = locations.get(locationId);
		var customer = customerId == null ? null : customers.get(customerId);
		String gstin = null;
		for (var registration : organization.taxRegistrations(null, 200).items()) {
			if (!"GSTIN".equals(registration.kind())) {
				continue;
			}
			if (gstin == null || java.util.Objects.equals(registration.stateCode(), location.stateCode())) {
				gstin = registration.number();
			}
		}
		var accounts = organization.bankAccounts(null, 1).items();
		var account = accounts.isEmpty() ? null : accounts.getFirst();
		var bank = account == null ? null
				: new Paper.Bank(account.bankName(), account.accountName(), account.accountNumber(), account.ifsc(),
						account.iban());
		return new Context(profile, location, customer, gstin, bank, account == null ? null : account.id());
	}

	private String tag(String kind, UUID id, @Nullable Object status, @Nullable Instant changed, Context context) {
		var parts = String.join("|", LAYOUT_VERSION, settings.toString(), kind, id.toString(), String.valueOf(status),
				String.valueOf(changed), context.profile().updatedAt().toString(), context.location().updatedAt().toString(),
				context.customer() == null ? "-" : context.customer().updatedAt().toString(),
				String.valueOf(context.gstin()), String.valueOf(context.bankId()));
		try {
			var digest = MessageDigest.getInstance("SHA-256").digest(parts.getBytes(StandardCharsets.UTF_8));
			return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Paper.Party seller(Context context) {
		var profile = context.profile();
		var location = context.location();
		var address = new ArrayList<String>();
		var where = location.address() != null ? location.address() : profile.address();
		if (where != null) {
			address.addAll(List.of(Pdf.clean(where).split("\n")));
		}
		return new Paper.Party(profile.legalName(), profile.tradeName(), address, context.gstin(), location.stateCode(),
				null);
	}

	private static Paper.Party buyer(Context context) {
		var customer = context.customer();
		if (customer == null) {
			return new Paper.Party("Walk-in customer", null, List.of(), null, null, null);
		}
		var address = customer.billingAddress();
		return new Paper.Party(customer.name(), null, lines(address), customer.gstin(),
				address == null ? null : address.stateCode(), customer.phone());
	}

	private static List<String> lines(@Nullable Address address) {
		if (address == null) {
			return List.of();
		}
		var lines = new ArrayList<String>();
		lines.add(address.line1());
		if (address.line2() != null) {
			lines.add(address.line2());
		}
		var city = new StringBuilder();
		if (address.city() != null) {
			city.append(address.city());
		}
		if (address.postalCode() != null) {
			city.append(city.isEmpty() ? "" : " ").append(address.postalCode());
		}
		if (!city.isEmpty()) {
			lines.add(city.toString());
		}
		if (address.stateCode() != null) {
			lines.add(Formats.state(address.stateCode()));
		}
		return lines;
	}

	private static List<Paper.Row> rows(List<SaleLine> lines) {
		var rows = new ArrayList<Paper.Row>();
		for (var line : lines) {
			rows.add(new Paper.Row(line.lineNo(), line.name(), line.hsnCode(), line.quantity(), line.unit(),
					line.unitPrice(), line.priceIncludesTax(), line.discount().add(line.saleDiscount()), line.taxable(),
					line.taxRate(), line.cgst(), line.sgst(), line.igst(), line.cessRate(), line.cess(), line.total()));
		}
		return rows;
	}

	/**
	 * A return's lines as the credit note shows them: each line's share of the sold line, its tax split as the
	 * return recorded it (the parts the Z report and the GST summary read too).
	 */
	private Paper creditPaper(Sale sale, SaleReturn credit, Context context) {
		var supply = Paper.Supply.of(sale.supply());
		var rows = new ArrayList<Paper.Row>();
		int scale = sale.total().scale();
		var zero = BigDecimal.ZERO.setScale(scale);
		BigDecimal taxable = zero, cgst = zero, sgst = zero, igst = zero, cess = zero, discount = zero, gross = zero;
		int no = 0;
		for (var line : credit.lines()) {
			var sold = sale.lines().stream().filter(l -> l.id().equals(line.saleLineId())).findFirst().orElseThrow();
			var share = line.quantity().divide(sold.quantity(), 12, RoundingMode.HALF_UP);
			var c = line.cgst();
			var s = line.sgst();
			var i = line.igst();
			var lineCess = line.cess();
			var lineTaxable = line.amount().subtract(line.taxTotal());
			var lineDiscount = sold.discount().add(sold.saleDiscount()).multiply(share).setScale(scale, RoundingMode.HALF_UP);
			rows.add(new Paper.Row(++no, sold.name(), sold.hsnCode(), line.quantity(), sold.unit(), sold.unitPrice(),
					sold.priceIncludesTax(), lineDiscount, lineTaxable, sold.taxRate(), c, s, i, sold.cessRate(), lineCess,
					line.amount()));
			taxable = taxable.add(lineTaxable);
			cgst = cgst.add(c);
			sgst = sgst.add(s);
			igst = igst.add(i);
			cess = cess.add(lineCess);
			discount = discount.add(lineDiscount);
			gross = gross.add(lineTaxable).add(lineDiscount);
		}
		var totals = new Paper.Totals(gross, discount, taxable, cgst, sgst, igst, cess, credit.taxTotal(), credit.total());
		return new Paper(Paper.Kind.CREDIT_NOTE, credit.number(), credit.businessDate(), seller(context), buyer(context),
				sale.placeOfSupply(), supply, sale.currency(), rows, totals,
				"Against invoice " + sale.number() + " of " + Formats.date(sale.businessDate()) + ". Reason: "
						+ credit.reason(),
				null, null, false, null, null);
	}

	private Paper quotationPaper(Estimate estimate, Context context) {
		return new Paper(Paper.Kind.QUOTATION, estimate.number(), estimate.businessDate(), seller(context),
				buyer(context), estimate.placeOfSupply(), Paper.Supply.of(estimate.supply()), estimate.currency(),
				rows(estimate.lines()),
				new Paper.Totals(estimate.subtotal(), estimate.discountTotal(), estimate.taxable(), estimate.cgst(),
						estimate.sgst(), estimate.igst(), estimate.cess(), estimate.taxTotal(), estimate.total()),
				"Status: " + estimate.status().name().toLowerCase(java.util.Locale.ROOT), estimate.validUntil(), null,
				false, context.bank(), estimate.notes());
	}

	/** The sign amounts are printed with: the rupee sign (or Rs.) for INR, else the currency code. */
	private String symbol(String currency) {
		return "INR".equals(currency) ? fonts.rupee() : currency;
	}
}
