package dev.kassa.documents;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.kassa.sales.SaleExtras;

/** What a tax invoice, credit note or quotation shows, gathered from the modules that own it. */
record Paper(Kind kind, String number, LocalDate date, Party seller, Party buyer, @Nullable String placeOfSupply,
		Supply supply, String currency, List<Row> rows, Totals totals, @Nullable String reference,
		@Nullable LocalDate validUntil, @Nullable String voidReason, boolean voided, @Nullable Bank bank,
		@Nullable String notes, List<SaleExtras.Extra> extras) {

	Paper(Kind kind, String number, LocalDate date, Party seller, Party buyer, @Nullable String placeOfSupply,
			Supply supply, String currency, List<Row> rows, Totals totals, @Nullable String reference,
			@Nullable LocalDate validUntil, @Nullable String voidReason, boolean voided, @Nullable Bank bank,
			@Nullable String notes) {
		this(kind, number, date, seller, buyer, placeOfSupply, supply, currency, rows, totals, reference, validUntil,
				voidReason, voided, bank, notes, List.of());
	}

	enum Kind {

		INVOICE("TAX INVOICE", "invoice", "Invoice"), CREDIT_NOTE("CREDIT NOTE", "credit-note", "Credit note"),
		QUOTATION("QUOTATION", "quotation", "Quotation");

		final String title;

		final String file;

		final String label;

		Kind(String title, String file, String label) {
			this.title = title;
			this.file = file;
			this.label = label;
		}
	}

	/** How the document is taxed: CGST and SGST within the state, IGST across, or one plain tax. */
	enum Supply {
		INTRA_STATE, INTER_STATE, PLAIN;

		static Supply of(String name) {
			return switch (name) {
				case "INTRA_STATE" -> INTRA_STATE;
				case "INTER_STATE" -> INTER_STATE;
				default -> PLAIN;
			};
		}
	}

	/** A seller or buyer as printed; lines of the address already formed. */
	record Party(String name, @Nullable String secondName, List<String> address, @Nullable String gstin,
			@Nullable String stateCode, @Nullable String phone) {
	}

	/** @param priceIncludesTax whether {@code rate} includes tax */
	record Row(int no, String name, @Nullable String hsn, BigDecimal quantity, String unit, BigDecimal rate,
			boolean priceIncludesTax, BigDecimal discount, BigDecimal taxable, BigDecimal taxRate, BigDecimal cgst,
			BigDecimal sgst, BigDecimal igst, BigDecimal cessRate, BigDecimal cess, BigDecimal total) {
	}

	record Totals(BigDecimal subtotal, BigDecimal discount, BigDecimal taxable, BigDecimal cgst, BigDecimal sgst,
			BigDecimal igst, BigDecimal cess, BigDecimal tax, BigDecimal total) {
	}

	record Bank(String bankName, String accountName, @Nullable String accountNumber, @Nullable String ifsc,
			@Nullable String iban) {
	}

	boolean hasCess() {
		return totals.cess().signum() != 0 || rows.stream().anyMatch(row -> row.cess().signum() != 0);
	}
}
