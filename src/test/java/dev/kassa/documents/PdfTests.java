package dev.kassa.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import dev.kassa.sales.SaleExtras;

/** The PDF writer and the invoice layout without a server: fonts, fallbacks, wrapping, pages. */
class PdfTests {

	/** DejaVu Sans has the rupee sign and Cyrillic that Liberation Sans 2.00 lacks in part; Debian ships it. */
	private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");

	private static DocumentSettings settings(List<String> fallbacks) {
		return new DocumentSettings(fallbacks, "Thanks", 31, 500, java.time.Duration.ofHours(24),
				java.time.Duration.ofMinutes(10), 5);
	}

	private static String text(byte[] pdf) throws IOException {
		try (var document = Loader.loadPDF(pdf)) {
			return new PDFTextStripper().getText(document);
		}
	}

	private static byte[] write(PdfFonts fonts, String text) {
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			pdf.newPage(300, 200);
			pdf.text(10, 100, 10, false, text);
			pdf.text(10, 80, 10, true, text);
			return pdf.finish();
		}
	}

	@Test
	void charactersNoFontHasAreWrittenAsQuestionMarks() throws IOException {
		var fonts = new PdfFonts(settings(List.of()));
		var text = text(write(fonts, "Tea \u091A\u093E\u092F \uD83D\uDE00 \u0000 Caf\u00E9 \u03A9"));
		assertThat(text).contains("Tea ??? ?").contains("Caf\u00E9").contains("\u03A9");
		assertThat(fonts.rupee()).isEqualTo("Rs.");
	}

	@Test
	void aMissingFallbackFontIsLeftOutWithoutFailing() {
		var fonts = new PdfFonts(settings(List.of("/nonexistent/font.ttf")));
		assertThat(fonts.faces(false)).hasSize(1);
	}

	@Test
	void aFallbackFontGivesTheCharactersTheMainOneLacks() throws IOException {
		assumeTrue(Files.isReadable(DEJAVU), "DejaVu Sans is not installed");
		var fonts = new PdfFonts(settings(List.of(DEJAVU.toString())));
		assertThat(fonts.rupee()).isEqualTo("\u20B9");
		assertThat(text(write(fonts, "Total \u20B9 118.00"))).contains("Total \u20B9 118.00");
	}

	/** Lohit Devanagari (SIL OFL), Debian's fonts-lohit-deva. */
	private static final Path DEVANAGARI = Path.of("/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf");

	@Test
	void devanagariIsShapedInAFallbackFontAndMeasuredAsShaped() throws IOException {
		assumeTrue(Files.isReadable(DEVANAGARI), "Lohit Devanagari is not installed");
		var fonts = new PdfFonts(settings(List.of(DEVANAGARI.toString())));
		var hindi = "\u0915\u094D\u0937\u0924\u094D\u0930\u093F\u092F";
		var text = text(write(fonts, "Tea " + hindi + " Tea"));
		assertThat(text).contains("Tea").doesNotContain("?");
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			// the conjuncts join glyphs: shaped, the word is narrower than its characters' widths added up
			float shaped = pdf.width(hindi, 10, false);
			float characters = 0;
			for (int i = 0; i < hindi.length(); i++) {
				characters += pdf.width(String.valueOf(hindi.charAt(i)), 10, false);
			}
			assertThat(shaped).isPositive().isLessThan(characters);
		}
	}

	@Test
	void longWordsAreCutToTheWidth() {
		var fonts = new PdfFonts(settings(List.of()));
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			var lines = pdf.wrap("x".repeat(300) + " short words here", 8, false, 100);
			assertThat(lines.size()).isGreaterThan(3);
			for (var line : lines) {
				assertThat(pdf.width(line, 8, false)).isLessThanOrEqualTo(100);
			}
			assertThat(pdf.wrap("", 8, false, 100)).containsExactly("");
		}
	}

	static dev.kassa.sales.Sale sale(int lines) {
		var list = new ArrayList<dev.kassa.sales.SaleLine>();
		var hundred = new BigDecimal("100.00");
		var nine = new BigDecimal("9.00");
		var zero = new BigDecimal("0.00");
		for (int i = 1; i <= lines; i++) {
			list.add(new dev.kassa.sales.SaleLine(java.util.UUID.randomUUID(), i, java.util.UUID.randomUUID(), "SKU" + i,
					"A product with a long name that takes two lines on a receipt, number " + i, "0902", "PIECE",
					BigDecimal.ONE, hundred, hundred, false, new BigDecimal("18"), BigDecimal.ZERO, hundred,
					new BigDecimal("1.00"), zero, new BigDecimal("99.00"), nine, nine, zero, zero, new BigDecimal("18.00"),
					new BigDecimal("117.00")));
		}
		var n = new BigDecimal(lines);
		var total = new BigDecimal("117.00").multiply(n);
		return new dev.kassa.sales.Sale(java.util.UUID.randomUUID(), "X/2627/000001", java.util.UUID.randomUUID(), null,
				null, null, java.util.UUID.randomUUID(), dev.kassa.sales.SaleStatus.COMPLETED, "INTRA_STATE", "29", "INR",
				LocalDate.of(2026, 12, 2), hundred.multiply(n), BigDecimal.ZERO, false, zero, n, new BigDecimal("99.00").multiply(n),
				nine.multiply(n), nine.multiply(n), zero, zero, new BigDecimal("18.00").multiply(n), total, total, zero,
				null, Instant.parse("2026-12-02T06:30:00Z"), Instant.parse("2026-12-02T06:30:00Z"), null, null, null, list,
				List.of(new dev.kassa.sales.SalePayment(java.util.UUID.randomUUID(), dev.kassa.sales.PaymentMethod.UPI, total,
						null, "a UPI reference long enough to run into the amount on the right 1234567890")));
	}

	@Test
	void aReceiptIsAsTallAsItsLinesAndAVeryLongOneTakesMorePages() throws IOException {
		var fonts = new PdfFonts(settings(List.of()));
		var party = new Paper.Party("Seller", "Shop", List.of("Street"), "29AAACK1234A1Z6", "29", null);
		float shortHeight = 0;
		for (int lines : new int[] { 1, 2, 500 }) {
			try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
				ReceiptLayout.render(pdf, new ReceiptLayout.Receipt(sale(lines), party, "Store", java.time.ZoneId.of("Asia/Kolkata"),
						"Asha", null, "TILL-1", "Thanks\nCome again", "Rs."));
				var bytes = pdf.finish();
				try (var document = Loader.loadPDF(bytes)) {
					for (var page : document.getPages()) {
						assertThat(page.getMediaBox().getWidth()).isCloseTo(226.77f, org.assertj.core.data.Offset.offset(0.1f));
						assertThat(page.getMediaBox().getHeight()).isLessThanOrEqualTo(14_400);
					}
					var text = new PDFTextStripper().getText(document);
					assertThat(text).contains("02-12-2026 12:00", "Come again", "1234567890");
					if (lines == 1) {
						shortHeight = document.getPage(0).getMediaBox().getHeight();
						assertThat(document.getNumberOfPages()).isOne();
					}
					if (lines == 2) {
						assertThat(document.getPage(0).getMediaBox().getHeight()).isGreaterThan(shortHeight);
					}
					if (lines == 500) {
						assertThat(document.getNumberOfPages()).isGreaterThan(1);
						assertThat(text).contains("number 500", "58,500.00");
					}
				}
			}
		}
	}

	static Paper paper(int rows) {
		return paper(rows, null);
	}

	static Paper paper(int rows, @org.jspecify.annotations.Nullable String notes) {
		var list = new ArrayList<Paper.Row>();
		var hundred = new BigDecimal("100.00");
		var nine = new BigDecimal("9.00");
		for (int i = 1; i <= rows; i++) {
			list.add(new Paper.Row(i, "Product number " + i + " with a name long enough to wrap onto a second line", "0902",
					BigDecimal.ONE, "PIECE", hundred, false, BigDecimal.ZERO, hundred, new BigDecimal("18"), nine, nine,
					BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, new BigDecimal("118.00")));
		}
		var n = new BigDecimal(rows);
		var party = new Paper.Party("Seller", null, List.of("Street"), "29AAACK1234A1Z6", "29", null);
		return new Paper(Paper.Kind.INVOICE, "X/1", LocalDate.of(2026, 12, 2), party, party, "29",
				Paper.Supply.INTRA_STATE, "INR", list,
				new Paper.Totals(hundred.multiply(n), BigDecimal.ZERO, hundred.multiply(n), nine.multiply(n),
						nine.multiply(n), BigDecimal.ZERO, BigDecimal.ZERO, nine.multiply(n).multiply(BigDecimal.TWO),
						new BigDecimal("118.00").multiply(n)),
				null, null, null, false, null, notes);
	}

	@Test
	void longNotesGoOnToAnotherPageBeforeTheSignature() throws IOException {
		var fonts = new PdfFonts(settings(List.of()));
		var notes = "Deliver to the back door. ".repeat(300) + "The last words.";
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			InvoiceLayout.render(pdf, paper(20, notes), "Rs.");
			try (var document = Loader.loadPDF(pdf.finish())) {
				int pages = document.getNumberOfPages();
				assertThat(pages).isGreaterThan(1);
				var all = new PDFTextStripper().getText(document);
				assertThat(all.indexOf("The last words.")).isPositive().isLessThan(all.indexOf("Authorised Signatory"));
				var stripper = new PDFTextStripper();
				stripper.setStartPage(pages);
				stripper.setEndPage(pages);
				assertThat(stripper.getText(document)).contains("Authorised Signatory", "Page " + pages + " of " + pages);
			}
		}
	}

	@Test
	void everyPageOfALongInvoiceIsNumberedOfAll() throws IOException {
		var fonts = new PdfFonts(settings(List.of()));
		for (int rows : new int[] { 1, 30, 200 }) {
			try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
				InvoiceLayout.render(pdf, paper(rows), "Rs.");
				var bytes = pdf.finish();
				try (var document = Loader.loadPDF(bytes)) {
					int pages = document.getNumberOfPages();
					assertThat(pages).as(rows + " rows").isBetween(rows == 1 ? 1 : rows / 30 + 1, rows == 1 ? 1 : rows / 10);
					var stripper = new PDFTextStripper();
					for (int i = 1; i <= pages; i++) {
						stripper.setStartPage(i);
						stripper.setEndPage(i);
						assertThat(stripper.getText(document)).contains("TAX INVOICE", "Page " + i + " of " + pages);
					}
					stripper.setStartPage(1);
					stripper.setEndPage(pages);
					var all = stripper.getText(document);
					assertThat(all).contains("Product number " + rows + " ");
				}
			}
		}
	}

	@Test
	void aDepositIsPrintedApartFromTheSupplyOnTheInvoiceAndTheReceipt() throws IOException {
		var fonts = new PdfFonts(settings(List.of()));
		var deposit = List.of(new SaleExtras.Extra("Refundable deposit 2 x DOM14.2", new BigDecimal("2900.00")));
		var plain = paper(1);
		var paper = new Paper(plain.kind(), plain.number(), plain.date(), plain.seller(), plain.buyer(),
				plain.placeOfSupply(), plain.supply(), plain.currency(), plain.rows(), plain.totals(), null, null, null,
				false, null, null, deposit);
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			InvoiceLayout.render(pdf, paper, "Rs.");
			var text = text(pdf.finish());
			// the taxable value and the total are the supply's; the deposit and what is collected come after
			assertThat(text).contains("Taxable value", "Refundable deposit 2 x DOM14.2", "2,900.00",
					"Collected incl. deposits", "3,018.00", "not taxed, not in the total");
			assertThat(text.indexOf("Refundable deposit")).isGreaterThan(text.indexOf("Total (Rs.)"));
		}
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			InvoiceLayout.render(pdf, plain, "Rs.");
			assertThat(text(pdf.finish())).doesNotContain("deposit");
		}
		var party = new Paper.Party("Seller", "Shop", List.of("Street"), "29AAACK1234A1Z6", "29", null);
		try (var pdf = new Pdf(fonts, "test", Instant.EPOCH)) {
			ReceiptLayout.render(pdf, new ReceiptLayout.Receipt(sale(1), party, "Store", java.time.ZoneId.of("Asia/Kolkata"),
					"Asha", null, "TILL-1", "Thanks", "Rs.", deposit));
			var text = text(pdf.finish());
			assertThat(text).contains("Refundable deposit 2 x DOM14.2", "2,900.00", "Collected incl. deposits");
			assertThat(text.indexOf("Refundable deposit")).isGreaterThan(text.indexOf("TOTAL"));
		}
	}
}
