package dev.kassa.customers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GstinTests {

	@Test
	void knownGstinsAreValid() {
		assertThat(Gstin.valid("27AAPFU0939F1ZV")).isTrue();
		assertThat(Gstin.valid("29AAGCB7383J1Z4")).isTrue();
	}

	@Test
	void aWrongCheckCharacterIsInvalid() {
		assertThat(Gstin.checkCharacter("27AAPFU0939F1ZV")).isEqualTo('V');
		assertThat(Gstin.valid("27AAPFU0939F1ZW")).isFalse();
		assertThat(Gstin.valid("29AAGCB7383J1Z5")).isFalse();
	}

	@Test
	void aWrongFormatIsInvalid() {
		assertThat(Gstin.valid("27AAPFU0939F1Z")).isFalse();
		assertThat(Gstin.valid("27aapfu0939f1zv")).isFalse();
		assertThat(Gstin.valid("2AAAPFU0939F1ZV")).isFalse();
		assertThat(Gstin.valid("27AAPFU0939F1XV")).isFalse();
	}
}
