package dev.kassa.platform;

import java.util.UUID;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/** Kassa's identifiers: UUIDv7, so that they sort by creation time and index well. */
public final class Ids {

	private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

	private Ids() {
	}

	public static UUID next() {
		return GENERATOR.generate();
	}
}
