package dev.kassa.catalog;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * The product CSV: its columns (the same for import and export, so that an export re-imports unchanged)
 * and how one row is read. A column left out of the file, or an empty cell of a field every product has,
 * keeps the current value on update and takes the default on create; an empty cell of an optional field
 * (description, category, hsn_code, barcodes) clears it.
 */
final class ProductCsv {

	enum Column {

		SKU, NAME, DESCRIPTION, CATEGORY, UNIT, PRICE, PRICE_INCLUDES_TAX, TAX_CLASS, HSN_CODE, BARCODES, TRACK_STOCK,
		ALLOW_NEGATIVE_STOCK, ACTIVE;

		String header() {
			return name().toLowerCase(Locale.ROOT);
		}
	}

	/** Empty lines are kept as records (and skipped by the reader) so that line numbers stay exact. */
	static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

	static final String BARCODE_SEPARATOR = "|";

	private static final Pattern VISIBLE = Pattern.compile("[\\x21-\\x7e]+");

	private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

	private static final Pattern HSN = Pattern.compile("[0-9]{4,8}");

	private static final Pattern UUID_TEXT = Pattern
		.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private static final BigDecimal PRICE_LIMIT = new BigDecimal("10000000000");

	private ProductCsv() {
	}

	/** A cell that was given; a null value clears the field. */
	record Cell<T>(@Nullable T value) {
	}

	/** A refusal of the whole file, at a line and column. */
	static final class FileProblem extends Exception {

		final ImportError error;

		FileProblem(@Nullable Long line, @Nullable String field, String message) {
			super(message, null, false, false);
			this.error = new ImportError(line, field, message);
		}
	}

	/** The header line: where each column is. */
	record Header(Map<Column, Integer> positions, int width) {

		static Header of(CSVRecord first) throws FileProblem {
			var positions = new EnumMap<Column, Integer>(Column.class);
			var unknown = new ArrayList<String>();
			for (int i = 0; i < first.size(); i++) {
				var name = first.get(i).strip().toLowerCase(Locale.ROOT);
				if (i == 0 && name.startsWith("\uFEFF")) {
					name = name.substring(1);
				}
				var column = column(name);
				if (column == null) {
					unknown.add(first.get(i));
				}
				else if (positions.put(column, i) != null) {
					throw new FileProblem(1L, name, "column " + name + " appears twice in the header");
				}
			}
			if (positions.isEmpty()) {
				throw new FileProblem(1L, null, "no header: the first line must name the columns (sku, name, ...)");
			}
			if (!unknown.isEmpty()) {
				throw new FileProblem(1L, unknown.getFirst(), "unknown column" + (unknown.size() > 1 ? "s " : " ")
						+ String.join(", ", unknown) + "; the columns are " + columnList());
			}
			if (!positions.containsKey(Column.SKU)) {
				throw new FileProblem(1L, "sku", "the header has no sku column: rows are matched to products by SKU");
			}
			return new Header(positions, first.size());
		}

		private static @Nullable Column column(String name) {
			for (var column : Column.values()) {
				if (column.header().equals(name)) {
					return column;
				}
			}
			return null;
		}

		@Nullable String cell(CSVRecord record, Column column) {
			var position = positions.get(column);
			return position == null ? null : record.get(position).strip();
		}
	}

	static String columnList() {
		return String.join(", ", java.util.Arrays.stream(Column.values()).map(Column::header).toList());
	}

	/** What names in a row refer to: category paths and ids, tax class codes and ids. */
	record References(java.util.Set<UUID> categoryIds, Map<UUID, String> categoryPaths, Map<String, UUID> categoriesByPath,
			Map<String, TaxClass> taxClassesByCode, Map<UUID, TaxClass> taxClasses) {

		static References of(List<Category> categories, List<TaxClass> taxClasses) {
			var byId = new HashMap<UUID, Category>();
			categories.forEach(category -> byId.put(category.id(), category));
			var paths = new HashMap<UUID, String>();
			var byPath = new HashMap<String, UUID>();
			for (var category : categories) {
				var names = new ArrayList<String>();
				var seen = new HashSet<UUID>();
				for (Category at = category; at != null && seen.add(at.id()); at = at.parentId() == null ? null
						: byId.get(at.parentId())) {
					names.addFirst(at.name());
				}
				var path = String.join("/", names);
				// A name with a slash cannot be told apart in a path: such categories are written by id.
				if (names.stream().noneMatch(name -> name.contains("/"))) {
					paths.put(category.id(), path);
					byPath.put(path.toLowerCase(Locale.ROOT), category.id());
				}
			}
			var byCode = new HashMap<String, TaxClass>();
			var taxById = new HashMap<UUID, TaxClass>();
			taxClasses.forEach(tax -> {
				byCode.put(tax.code(), tax);
				taxById.put(tax.id(), tax);
			});
			return new References(byId.keySet(), paths, byPath, byCode, taxById);
		}

		String categoryText(@Nullable UUID id) {
			return id == null ? "" : categoryPaths.getOrDefault(id, id.toString());
		}

		String taxClassText(UUID id) {
			var tax = taxClasses.get(id);
			return tax == null ? id.toString() : tax.code();
		}
	}

	/** One data row as read: cells not given are null. */
	record Row(long line, String sku, @Nullable Cell<String> name, @Nullable Cell<String> description,
			@Nullable Cell<UUID> category, @Nullable Cell<Unit> unit, @Nullable Cell<BigDecimal> price,
			@Nullable Cell<Boolean> priceIncludesTax, @Nullable Cell<UUID> taxClass, @Nullable Cell<String> hsnCode,
			@Nullable Cell<List<String>> barcodes, @Nullable Cell<Boolean> trackStock,
			@Nullable Cell<Boolean> allowNegativeStock, @Nullable Cell<Boolean> active) {

		List<String> givenBarcodes() {
			return barcodes == null || barcodes.value() == null ? List.of() : barcodes.value();
		}

		/**
		 * The product this row makes of the current one ({@code null} for a new product), or null with
		 * errors when a new product lacks a field it needs.
		 */
		@Nullable ProductValues apply(@Nullable ProductValues current, List<ImportError> errors) {
			if (current == null) {
				int before = errors.size();
				require(name, Column.NAME, errors);
				require(unit, Column.UNIT, errors);
				require(price, Column.PRICE, errors);
				require(priceIncludesTax, Column.PRICE_INCLUDES_TAX, errors);
				require(taxClass, Column.TAX_CLASS, errors);
				if (errors.size() > before) {
					return null;
				}
				return new ProductValues(sku, value(name), orNull(description), orNull(category), value(unit),
						value(price), value(priceIncludesTax), value(taxClass), orNull(hsnCode), givenBarcodes(),
						or(trackStock, true), or(allowNegativeStock, false), or(active, true));
			}
			return new ProductValues(sku, or(name, current.name()), given(description, current.description()),
					given(category, current.categoryId()), or(unit, current.unit()), or(price, current.price()),
					or(priceIncludesTax, current.priceIncludesTax()), or(taxClass, current.taxClassId()),
					given(hsnCode, current.hsnCode()), barcodes == null ? current.barcodes() : givenBarcodes(),
					or(trackStock, current.trackStock()), or(allowNegativeStock, current.allowNegativeStock()),
					or(active, current.active()));
		}

		private void require(@Nullable Cell<?> cell, Column column, List<ImportError> errors) {
			if (cell == null || cell.value() == null) {
				errors.add(new ImportError(line, column.header(), "is required for a new product"));
			}
		}

		private static <T> T value(@Nullable Cell<T> cell) {
			return java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(cell).value());
		}

		private static <T> @Nullable T orNull(@Nullable Cell<T> cell) {
			return cell == null ? null : cell.value();
		}

		private static <T> T or(@Nullable Cell<T> cell, T fallback) {
			return cell == null || cell.value() == null ? fallback : cell.value();
		}

		/** An optional field: a given cell wins even when empty. */
		private static <T> @Nullable T given(@Nullable Cell<T> cell, @Nullable T fallback) {
			return cell == null ? fallback : cell.value();
		}
	}

	/** The SKU of a record, or null when it has none a product could have. */
	static @Nullable String sku(CSVRecord record, Header header) {
		var sku = header.cell(record, Column.SKU);
		return sku == null || sku.isEmpty() || sku.length() > 64 || !VISIBLE.matcher(sku).matches() ? null : sku;
	}

	/** Reads one data record; adds its errors and answers null when it has any. */
	static @Nullable Row read(CSVRecord record, long line, Header header, References references,
			List<ImportError> errors) {
		if (record.size() != header.width()) {
			errors.add(new ImportError(line, null,
					"has " + record.size() + " fields where the header has " + header.width()));
			return null;
		}
		int before = errors.size();
		var reader = new CellReader(record, line, header, errors);
		var sku = header.cell(record, Column.SKU);
		if (sku == null || sku.isEmpty()) {
			errors.add(new ImportError(line, "sku", "is required"));
		}
		else if (sku.length() > 64) {
			errors.add(new ImportError(line, "sku", "must have at most 64 characters"));
		}
		else if (!VISIBLE.matcher(sku).matches()) {
			errors.add(new ImportError(line, "sku", "must be visible ASCII without spaces"));
		}
		var name = reader.required(Column.NAME, text -> text.length() > 200 ? "must have at most 200 characters" : null,
				text -> text);
		var description = reader.optional(Column.DESCRIPTION,
				text -> text.length() > 4000 ? "must have at most 4000 characters" : null, text -> text);
		var category = reader.optional(Column.CATEGORY, text -> categoryId(text, references) == null
				? "no category " + text + " (give a path like Drinks/Tea or an id)" : null,
				text -> categoryId(text, references));
		var unit = reader.required(Column.UNIT, text -> unit(text) == null ? "must be one of "
				+ String.join(", ", java.util.Arrays.stream(Unit.values()).map(Unit::name).toList()) : null,
				ProductCsv::unit);
		var price = reader.required(Column.PRICE, ProductCsv::priceProblem, BigDecimal::new);
		var includesTax = reader.required(Column.PRICE_INCLUDES_TAX, ProductCsv::booleanProblem, ProductCsv::bool);
		var taxClass = reader.required(Column.TAX_CLASS, text -> taxProblem(text, references),
				text -> Objects.requireNonNull(taxClass(text, references), "checked by taxProblem").id());
		var hsn = reader.optional(Column.HSN_CODE, text -> HSN.matcher(text).matches() ? null : "must be 4 to 8 digits",
				text -> text);
		var barcodes = reader.optional(Column.BARCODES, ProductCsv::barcodesProblem, ProductCsv::barcodes);
		var trackStock = reader.required(Column.TRACK_STOCK, ProductCsv::booleanProblem, ProductCsv::bool);
		var allowNegative = reader.required(Column.ALLOW_NEGATIVE_STOCK, ProductCsv::booleanProblem, ProductCsv::bool);
		var active = reader.required(Column.ACTIVE, ProductCsv::booleanProblem, ProductCsv::bool);
		if (errors.size() > before || sku == null) {
			return null;
		}
		return new Row(line, sku, name, description, category, unit, price, includesTax, taxClass, hsn, barcodes,
				trackStock, allowNegative, active);
	}

	/** Reads cells of one record, adding an error for each that is wrong. */
	private record CellReader(CSVRecord record, long line, Header header, List<ImportError> errors) {

		/** A field every product has: an empty cell is as if not given. */
		<T> @Nullable Cell<T> required(Column column, java.util.function.Function<String, @Nullable String> problem,
				java.util.function.Function<String, T> parse) {
			var text = header.cell(record, column);
			if (text == null || text.isEmpty()) {
				return null;
			}
			return parsed(column, text, problem, parse);
		}

		/** An optional field: an empty cell clears it. */
		<T> @Nullable Cell<T> optional(Column column, java.util.function.Function<String, @Nullable String> problem,
				java.util.function.Function<String, T> parse) {
			var text = header.cell(record, column);
			if (text == null) {
				return null;
			}
			if (text.isEmpty()) {
				return new Cell<>(null);
			}
			return parsed(column, text, problem, parse);
		}

		private <T> @Nullable Cell<T> parsed(Column column, String text,
				java.util.function.Function<String, @Nullable String> problem,
				java.util.function.Function<String, T> parse) {
			var message = problem.apply(text);
			if (message != null) {
				errors.add(new ImportError(line, column.header(), message));
				return null;
			}
			return new Cell<>(parse.apply(text));
		}
	}

	private static @Nullable String priceProblem(String text) {
		if (!NUMBER.matcher(text).matches()) {
			return "is not a number: " + abbreviated(text);
		}
		var price = new BigDecimal(text);
		if (price.signum() < 0) {
			return "must not be negative";
		}
		if (price.scale() > 2) {
			return "must have at most 2 decimal places";
		}
		if (price.compareTo(PRICE_LIMIT) >= 0) {
			return "must be less than 10000000000";
		}
		return null;
	}

	private static @Nullable String booleanProblem(String text) {
		return text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false") ? null
				: "must be true or false, not " + abbreviated(text);
	}

	private static boolean bool(String text) {
		return text.equalsIgnoreCase("true");
	}

	private static @Nullable Unit unit(String text) {
		for (var unit : Unit.values()) {
			if (unit.name().equalsIgnoreCase(text)) {
				return unit;
			}
		}
		return null;
	}

	private static @Nullable UUID categoryId(String text, References references) {
		if (UUID_TEXT.matcher(text).matches()) {
			var id = UUID.fromString(text);
			return references.categoryIds().contains(id) ? id : null;
		}
		var path = String.join("/", java.util.Arrays.stream(text.split("/")).map(String::strip).toList());
		return references.categoriesByPath().get(path.toLowerCase(Locale.ROOT));
	}

	private static @Nullable TaxClass taxClass(String text, References references) {
		if (UUID_TEXT.matcher(text).matches()) {
			return references.taxClasses().get(UUID.fromString(text));
		}
		return references.taxClassesByCode().get(text.toUpperCase(Locale.ROOT));
	}

	private static @Nullable String taxProblem(String text, References references) {
		var tax = taxClass(text, references);
		if (tax == null) {
			return "no tax class " + abbreviated(text) + " (give a code like GST_18 or an id)";
		}
		return tax.active() ? null : "tax class " + tax.code() + " is inactive";
	}

	private static @Nullable String barcodesProblem(String text) {
		var codes = splitBarcodes(text);
		if (codes.size() > Catalog.MAX_BARCODES) {
			return "must have at most " + Catalog.MAX_BARCODES + " barcodes";
		}
		var seen = new HashSet<String>();
		for (var code : codes) {
			if (code.length() > 64 || !VISIBLE.matcher(code).matches()) {
				return "barcode " + abbreviated(code) + " must be 1 to 64 visible ASCII characters";
			}
			if (!seen.add(code)) {
				return "repeats barcode " + code;
			}
		}
		return null;
	}

	private static List<String> barcodes(String text) {
		return splitBarcodes(text).stream().sorted().toList();
	}

	private static List<String> splitBarcodes(String text) {
		return java.util.Arrays.stream(text.split(Pattern.quote(BARCODE_SEPARATOR)))
			.map(String::strip)
			.filter(code -> !code.isEmpty())
			.toList();
	}

	static String abbreviated(String text) {
		return text.length() <= 40 ? text : text.substring(0, 40) + "...";
	}

	/** The cells of a product in column order. */
	static List<String> cells(ProductValues product, References references) {
		return List.of(product.sku(), product.name(), product.description() == null ? "" : product.description(),
				references.categoryText(product.categoryId()), product.unit().name(), product.price().toPlainString(),
				Boolean.toString(product.priceIncludesTax()), references.taxClassText(product.taxClassId()),
				product.hsnCode() == null ? "" : product.hsnCode(), String.join(BARCODE_SEPARATOR, product.barcodes()),
				Boolean.toString(product.trackStock()), Boolean.toString(product.allowNegativeStock()),
				Boolean.toString(product.active()));
	}
}
