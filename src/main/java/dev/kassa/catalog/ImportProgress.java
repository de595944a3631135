package dev.kassa.catalog;

/** Told after each batch of an import how far it got; a job passes its progress on. */
@FunctionalInterface
interface ImportProgress {

	ImportProgress NONE = (lines, bytesRead, bytesTotal) -> {
	};

	/**
	 * @param lines the lines of the file read so far
	 * @param bytesRead the bytes of the file read so far
	 * @param bytesTotal the size of the file
	 */
	void update(long lines, long bytesRead, long bytesTotal);
}
