package dev.kassa.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import org.apache.fontbox.ttf.TTFParser;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The fonts documents are written in, read once: Liberation Sans (SIL Open Font License 1.1, from the
 * {@code openpdf-fonts-extra} artifact) regular and bold, then the configured fallback fonts. Which
 * characters each font has is computed here once, so that a document never asks a font for a glyph it
 * lacks: PDFBox would throw.
 */
@Component
class PdfFonts {

	private static final Logger log = LoggerFactory.getLogger(PdfFonts.class);

	/** Code points looked up in each font's character map: the Basic Multilingual Plane and the next. */
	private static final int CODE_POINTS = 0x20000;

	/** A TrueType font: its bytes (embedded as a subset per document) and the characters it has. */
	record Face(String name, byte[] data, BitSet glyphs) {

		boolean has(int codePoint) {
			return codePoint < CODE_POINTS && glyphs.get(codePoint);
		}
	}

	private final List<Face> regular;

	private final List<Face> bold;

	PdfFonts(DocumentSettings settings) {
		var fallbacks = new ArrayList<Face>();
		for (var file : settings.fallbackFonts()) {
			try {
				fallbacks.add(face(Path.of(file).getFileName().toString(), Files.readAllBytes(Path.of(file))));
			}
			catch (IOException | RuntimeException ex) {
				// a missing or broken fallback font must not stop the server: its characters print as ?
				log.warn("Fallback font {} is not used: {}", file, ex.toString());
			}
		}
		var regular = new ArrayList<Face>();
		regular.add(face("LiberationSans-Regular", withoutSubstitutions(resource("liberation/LiberationSans-Regular.ttf"))));
		regular.addAll(fallbacks);
		var bold = new ArrayList<Face>();
		bold.add(face("LiberationSans-Bold", withoutSubstitutions(resource("liberation/LiberationSans-Bold.ttf"))));
		bold.addAll(fallbacks);
		this.regular = List.copyOf(regular);
		this.bold = List.copyOf(bold);
	}

	/** The fonts tried in order for each character; the first is the main one. */
	List<Face> faces(boolean bold) {
		return bold ? this.bold : regular;
	}

	/** The rupee sign when a regular and a bold font have it, else {@code Rs.}. */
	String rupee() {
		return regular.stream().anyMatch(face -> face.has(0x20B9)) && bold.stream().anyMatch(face -> face.has(0x20B9))
				? "\u20B9" : "Rs.";
	}

	private static byte[] resource(String name) {
		try (InputStream in = PdfFonts.class.getClassLoader().getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("font " + name + " is not on the class path (openpdf-fonts-extra)");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The font with its glyph substitution table (GSUB) hidden by renaming its tag. PDFBox applies a font's
	 * GSUB rules on every piece of text, compiling patterns each time, which made a 200-line invoice take
	 * most of a second; Latin text needs no substitution. Fallback fonts for scripts that do (Devanagari,
	 * Bengali) keep theirs.
	 */
	static byte[] withoutSubstitutions(byte[] font) {
		var copy = font.clone();
		int tables = ((copy[4] & 0xFF) << 8) | (copy[5] & 0xFF);
		for (int i = 0; i < tables; i++) {
			int at = 12 + 16 * i;
			if (at + 4 <= copy.length && copy[at] == 'G' && copy[at + 1] == 'S' && copy[at + 2] == 'U' && copy[at + 3] == 'B') {
				copy[at] = 'X';
			}
		}
		return copy;
	}

	static Face face(String name, byte[] data) {
		try (var font = new TTFParser().parse(new RandomAccessReadBuffer(data))) {
			var cmap = font.getUnicodeCmapLookup();
			var glyphs = new BitSet(CODE_POINTS);
			for (int cp = 0; cp < CODE_POINTS; cp++) {
				if (cmap.getGlyphId(cp) > 0) {
					glyphs.set(cp);
				}
			}
			return new Face(name, data, glyphs);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("font " + name + " cannot be read", ex);
		}
	}
}
