package dev.kassa.documents;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;

import org.apache.fontbox.ttf.gsub.GsubWorkerFactory;
import org.apache.fontbox.ttf.model.GsubData;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDCIDFontType2;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;
import org.jspecify.annotations.Nullable;

/**
 * One PDF being written: pages, text in the {@link PdfFonts} with a fallback per character, lines. Text is
 * never refused: control characters become spaces, invisible format characters are dropped, and a
 * character no font has is written as {@code ?}. Not thread-safe; closed by {@link #finish}.
 */
final class Pdf implements AutoCloseable {

	private final PDDocument document = new PDDocument();

	private final PdfFonts fonts;

	private final Map<PdfFonts.Face, PDType0Font> loaded = new HashMap<>();

	private @Nullable PDPageContentStream content;

	private @Nullable PDPage page;

	Pdf(PdfFonts fonts, String title, Instant created) {
		this.fonts = fonts;
		var info = document.getDocumentInformation();
		info.setTitle(clean(title));
		info.setProducer("Kassa");
		var calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
		calendar.setTimeInMillis(created.toEpochMilli());
		info.setCreationDate(calendar);
	}

	/** Starts a page of the given size in points; the previous page is finished. */
	PDPage newPage(float width, float height) {
		closeContent();
		var created = new PDPage(new PDRectangle(width, height));
		document.addPage(created);
		page = created;
		try {
			content = new PDPageContentStream(document, created);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return created;
	}

	/** Goes on writing on a page written before (for page numbers), over what it holds. */
	void reopen(PDPage earlier) {
		closeContent();
		page = earlier;
		try {
			content = new PDPageContentStream(document, earlier, PDPageContentStream.AppendMode.APPEND, true, true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<PDPage> pages() {
		var pages = new ArrayList<PDPage>();
		document.getPages().forEach(pages::add);
		return pages;
	}

	/** A piece of text in one font. */
	private record Run(PDType0Font font, String text) {
	}

	/** Splits text into runs of the first font that has each character; see the class comment. */
	private List<Run> runs(String text, boolean bold) {
		var faces = fonts.faces(bold);
		var runs = new ArrayList<Run>();
		PdfFonts.Face current = null;
		var buffer = new StringBuilder();
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
				cp = ' ';
			}
			else if (Character.getType(cp) == Character.FORMAT || (cp >= 0xFE00 && cp <= 0xFE0F)) {
				continue;
			}
			PdfFonts.Face face = null;
			for (var candidate : faces) {
				if (candidate.has(cp)) {
					face = candidate;
					break;
				}
			}
			if (face == null) {
				face = faces.getFirst();
				cp = '?';
			}
			if (face != current && !buffer.isEmpty()) {
				runs.add(new Run(font(Objects.requireNonNull(current, "a face was chosen for the buffer")), buffer.toString()));
				buffer.setLength(0);
			}
			current = face;
			buffer.appendCodePoint(cp);
		}
		if (!buffer.isEmpty()) {
			runs.add(new Run(font(Objects.requireNonNull(current, "a face was chosen for the buffer")), buffer.toString()));
		}
		return runs;
	}

	private PDType0Font font(PdfFonts.Face face) {
		return loaded.computeIfAbsent(face, f -> {
			try {
				return PDType0Font.load(document, new org.apache.fontbox.ttf.TTFParser()
					.parse(new RandomAccessReadBuffer(f.data())), true);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

	/** Advance widths of the characters written so far, per font (in thousandths of the font size). */
	private final Map<PDType0Font, Map<Integer, Float>> widths = new HashMap<>();

	/** The width of the text in points, as {@link #text} writes it. */
	float width(String text, float size, boolean bold) {
		float width = 0;
		for (var run : runs(text, bold)) {
			width += width(run) * size / 1000f;
		}
		return width;
	}

	/** Widths of runs in fonts with substitution rules, which join and reorder glyphs (Devanagari conjuncts). */
	private final Map<Run, Float> shapedWidths = new HashMap<>();

	/**
	 * A run's width in thousandths of the font size: its characters' advance widths (no kerning is applied),
	 * or, in a font with substitution rules, the advance widths of the glyphs the rules make of them, as
	 * PDFBox writes them.
	 */
	private float width(Run run) {
		if (run.font().getGsubData() != GsubData.NO_DATA_FOUND
				&& run.font().getDescendantFont() instanceof PDCIDFontType2 cid) {
			var shaped = shapedWidths.computeIfAbsent(run, r -> shapedWidth(r, cid));
			if (shaped != null) {
				return shaped;
			}
		}
		var known = widths.computeIfAbsent(run.font(), font -> new HashMap<>());
		float width = 0;
		var text = run.text();
		for (int i = 0; i < text.length();) {
			int cp = text.codePointAt(i);
			i += Character.charCount(cp);
			width += known.computeIfAbsent(cp, c -> {
				try {
					return run.font().getStringWidth(new String(Character.toChars(c)));
				}
				catch (IOException | IllegalArgumentException ex) {
					return 500f;
				}
			});
		}
		return width;
	}

	private static @Nullable Float shapedWidth(Run run, PDCIDFontType2 cid) {
		try {
			var font = run.font();
			var cmap = font.getCmapLookup();
			var glyphs = new ArrayList<Integer>();
			run.text().codePoints().forEach(cp -> glyphs.add(cmap.getGlyphId(cp)));
			var shaped = new GsubWorkerFactory().getGsubWorker(cmap, font.getGsubData()).applyTransforms(glyphs);
			var ttf = cid.getTrueTypeFont();
			float units = ttf.getUnitsPerEm();
			float width = 0;
			for (int glyph : shaped) {
				width += ttf.getAdvanceWidth(glyph) * 1000f / units;
			}
			return width;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/** Writes text with its baseline at y, starting at x. */
	void text(float x, float y, float size, boolean bold, String text) {
		var stream = content();
		try {
			float at = x;
			for (var run : runs(text, bold)) {
				stream.beginText();
				stream.setFont(run.font(), size);
				stream.newLineAtOffset(at, y);
				try {
					stream.showText(run.text());
				}
				catch (RuntimeException ex) {
					// a glyph the character map promised but the font cannot encode, or a substitution rule that
					// failed: write the run as ? in the main font, which has them and no substitution rules
					stream.setFont(font(fonts.faces(bold).getFirst()), size);
					stream.showText("?".repeat(run.text().codePointCount(0, run.text().length())));
				}
				stream.endText();
				at += width(run) / 1000f * size;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void textRight(float right, float y, float size, boolean bold, String text) {
		text(right - width(text, size, bold), y, size, bold, text);
	}

	void textCenter(float center, float y, float size, boolean bold, String text) {
		text(center - width(text, size, bold) / 2, y, size, bold, text);
	}

	/**
	 * Breaks text into lines no wider than the width, at spaces where it can, inside a word where it must.
	 * Always at least one line.
	 */
	List<String> wrap(String text, float size, boolean bold, float maxWidth) {
		var lines = new ArrayList<String>();
		for (var paragraph : clean(text).split("\n", -1)) {
			var line = new StringBuilder();
			for (var word : paragraph.split(" ")) {
				var candidate = line.isEmpty() ? word : line + " " + word;
				if (width(candidate, size, bold) <= maxWidth) {
					line.setLength(0);
					line.append(candidate);
					continue;
				}
				if (!line.isEmpty()) {
					lines.add(line.toString());
					line.setLength(0);
				}
				// a word wider than the line is cut where it must be
				var rest = word;
				while (width(rest, size, bold) > maxWidth && rest.length() > 1) {
					int cut = rest.length() - 1;
					while (cut > 1 && width(rest.substring(0, cut), size, bold) > maxWidth) {
						cut--;
					}
					if (Character.isLowSurrogate(rest.charAt(cut))) {
						cut--;
					}
					lines.add(rest.substring(0, Math.max(cut, 1)));
					rest = rest.substring(Math.max(cut, 1));
				}
				line.append(rest);
			}
			lines.add(line.toString());
		}
		return lines;
	}

	void line(float x1, float y1, float x2, float y2, float width) {
		var stream = content();
		try {
			stream.setLineWidth(width);
			stream.moveTo(x1, y1);
			stream.lineTo(x2, y2);
			stream.stroke();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void fill(float x, float y, float width, float height, Color color) {
		var stream = content();
		try {
			stream.setNonStrokingColor(color);
			stream.addRect(x, y, width, height);
			stream.fill();
			stream.setNonStrokingColor(Color.BLACK);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A large, light, diagonal word across the page (VOID), under what is written after it. */
	void watermark(String word, float size) {
		var stream = content();
		var current = page;
		if (current == null) {
			return;
		}
		var box = current.getMediaBox();
		try {
			var state = new PDExtendedGraphicsState();
			state.setNonStrokingAlphaConstant(0.25f);
			stream.saveGraphicsState();
			stream.setGraphicsStateParameters(state);
			stream.setNonStrokingColor(new Color(200, 0, 0));
			var font = runs(word, true).getFirst().font();
			float width = font.getStringWidth(word) / 1000f * size;
			double angle = Math.atan2(box.getHeight(), box.getWidth());
			stream.beginText();
			stream.setFont(font, size);
			var matrix = Matrix.getRotateInstance(angle, box.getWidth() / 2, box.getHeight() / 2);
			matrix.translate(-width / 2, -size / 3);
			stream.setTextMatrix(matrix);
			stream.showText(word);
			stream.endText();
			stream.restoreGraphicsState();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private PDPageContentStream content() {
		if (content == null) {
			throw new IllegalStateException("no page started");
		}
		return content;
	}

	private void closeContent() {
		if (content != null) {
			try {
				content.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			content = null;
		}
	}

	/** Saves the document and answers its bytes. */
	byte[] finish() {
		closeContent();
		try {
			var out = new ByteArrayOutputStream(32 * 1024);
			document.save(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			document.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Text with line breaks and tabs made plain, for single-line fields. */
	static String clean(@Nullable String text) {
		if (text == null) {
			return "";
		}
		return text.replace("\r\n", "\n").replace('\r', '\n').replace('\t', ' ');
	}
}
