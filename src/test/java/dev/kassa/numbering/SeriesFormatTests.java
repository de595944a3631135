package dev.kassa.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeriesFormatTests {

	@Test
	void rendersPlaceholdersAndPadding() {
		var format = SeriesFormat.parse("{LOC}/{FY}/{SEQ:6}", true);
		assertThat(format.render("BLR1", "2627", 42)).isEqualTo("BLR1/2627/000042");
		assertThat(format.longest("BLR1", "2627")).isEqualTo(16);
		assertThat(format.maxValue()).isEqualTo(999_999);
	}

	@Test
	void literalPrefixesAreKept() {
		assertThat(SeriesFormat.parse("INV-{SEQ:4}", true).render("X", "Y", 7)).isEqualTo("INV-0007");
	}

	@Test
	void refusesFormatsWithoutOneSequence() {
		assertThatThrownBy(() -> SeriesFormat.parse("{LOC}/{FY}", true)).isInstanceOf(SeriesFormat.Invalid.class);
		assertThatThrownBy(() -> SeriesFormat.parse("{SEQ:3}{SEQ:3}", true)).isInstanceOf(SeriesFormat.Invalid.class);
		assertThatThrownBy(() -> SeriesFormat.parse("{SEQ:0}", true)).isInstanceOf(SeriesFormat.Invalid.class);
		assertThatThrownBy(() -> SeriesFormat.parse("{NAME}{SEQ:3}", true)).isInstanceOf(SeriesFormat.Invalid.class);
	}

	@Test
	void indiaAllowsOnlyLettersDigitsDashAndSlash() {
		assertThatThrownBy(() -> SeriesFormat.parse("A.{SEQ:3}", true)).isInstanceOf(SeriesFormat.Invalid.class);
		assertThat(SeriesFormat.parse("A.{SEQ:3}", false).render("L", "F", 1)).isEqualTo("A.001");
	}

	@Test
	void defaultsFitSixteenCharactersInIndia() {
		assertThat(SeriesFormat.defaultFor(DocumentType.SALE, "BLR1", "2627", true)).isEqualTo("{LOC}/{FY}/{SEQ:6}");
		var estimate = SeriesFormat.defaultFor(DocumentType.ESTIMATE, "ABCDEFGH", "2627", true);
		assertThat(SeriesFormat.parse(estimate, true).longest("ABCDEFGH", "2627")).isLessThanOrEqualTo(16);
	}
}
