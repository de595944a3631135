package dev.kassa.delivery;

/** What a location requires before a stop is marked delivered. */
public enum ProofRequirement {
	/** {@code received_by} alone. */
	NONE,
	/** the one-time code sent to the recipient, entered by the driver. */
	CODE,
	/** a signature or photo uploaded. */
	UPLOAD,
	/** either. */
	CODE_OR_UPLOAD,
	/** both. */
	CODE_AND_UPLOAD;

	/** Whether a stop with this much proof may be delivered. */
	boolean satisfiedBy(boolean code, boolean upload) {
		return switch (this) {
			case NONE -> true;
			case CODE -> code;
			case UPLOAD -> upload;
			case CODE_OR_UPLOAD -> code || upload;
			case CODE_AND_UPLOAD -> code && upload;
		};
	}
}
