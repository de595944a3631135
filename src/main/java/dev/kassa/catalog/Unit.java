package dev.kassa.catalog;

/** How a product is counted: by the piece, or weighed and measured in decimals (3 places). */
public enum Unit {

	PIECE(0), KG(3), G(3), L(3), ML(3), M(3);

	private final int scale;

	Unit(int scale) {
		this.scale = scale;
	}

	/** How many decimal places a quantity of this unit may have. */
	public int scale() {
		return scale;
	}
}
