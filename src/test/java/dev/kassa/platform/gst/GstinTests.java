package dev.kassa.platform.gst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** The one GSTIN check, which the organization's registrations and customers both use. */
class GstinTests {

	@Test
	void knownGstinsAreValid() {
		assertThat(Gstin.valid("27AAPFU0939F1ZV")).isTrue();
		assertThat(Gstin.valid("29AAGCB7383J1Z4")).isTrue();
		assertThat(Gstin.problem("27AAPFU0939F1ZV")).isNull();
		assertThat(Gstin.problem("29AAGCB7383J1Z4")).isNull();
	}

	@Test
	void aWrongCheckCharacterIsNamed() {
		assertThat(Gstin.checkCharacter("27AAPFU0939F1ZV")).isEqualTo('V');
		assertThat(Gstin.valid("27AAPFU0939F1ZW")).isFalse();
		assertThat(Gstin.valid("29AAGCB7383J1Z5")).isFalse();
		assertThat(Gstin.problem("27AAPFU0939F1ZW")).contains("check character");
	}

	@Test
	void anUnknownStateCodeIsNamed() {
		assertThat(Gstin.problem("39AAPFU0939F1ZV")).contains("state code");
		assertThat(Gstin.problem("00AAPFU0939F1ZV")).contains("state code");
	}

	@Test
	void theFourteenthCharacterIsZ() {
		// Valid in every other way: the check character is computed for the X.
		var withX = "27AAPFU0939F1X";
		assertThat(Gstin.problem(withX + Gstin.checkCharacter(withX))).contains("Z");
		assertThat(Gstin.valid("27AAPFU0939F1XV")).isFalse();
	}

	@Test
	void aMalformedGstinIsNamed() {
		assertThat(Gstin.problem("27AAPFU0939F1Z")).contains("15 characters");
		assertThat(Gstin.problem("2AAAPFU0939F1ZV")).isNotNull();
		assertThat(Gstin.valid("27aapfu0939f1zv")).isFalse();
		assertThat(Gstin.valid("2AAAPFU0939F1ZV")).isFalse();
	}

	@Test
	void theValueTypeHoldsOnlyValidNumbers() {
		var gstin = Gstin.parse(" 29aagcb7383j1z4 ");
		assertThat(gstin.value()).isEqualTo("29AAGCB7383J1Z4");
		assertThat(gstin.state()).isEqualTo(GstState.of("29").orElseThrow());
		assertThat(gstin.state().printed()).isEqualTo("Karnataka (29)");
		assertThat(gstin.pan()).isEqualTo("AAGCB7383J");
		assertThatIllegalArgumentException().isThrownBy(() -> new Gstin("29AAGCB7383J1Z5"))
			.withMessageContaining("check character");
	}

	@Test
	void stateCodes() {
		assertThat(GstState.known("01")).isTrue();
		assertThat(GstState.known("38")).isTrue();
		assertThat(GstState.known("97")).isTrue();
		assertThat(GstState.known("39")).isFalse();
		assertThat(GstState.known("00")).isFalse();
		assertThat(GstState.known(null)).isFalse();
		assertThat(GstState.of("7")).isEmpty();
	}
}
