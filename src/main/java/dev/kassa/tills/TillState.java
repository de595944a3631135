package dev.kassa.tills;

/** The states of a till session. */
public enum TillState {
	OPEN, CLOSING, CLOSED
}
