package dev.kassa.organization;

/** What a location is for. */
public enum LocationType {

	STORE, WAREHOUSE
}
