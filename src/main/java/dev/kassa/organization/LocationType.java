package dev.kassa.organization;

/** What a location is for. */
enum LocationType {

	STORE, WAREHOUSE
}
