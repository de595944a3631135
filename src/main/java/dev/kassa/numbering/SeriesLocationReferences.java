package dev.kassa.numbering;

import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.kassa.organization.LocationReferences;

/** A series that has given out numbers keeps its location; an unused one is dropped with the location. */
@Component
class SeriesLocationReferences implements LocationReferences {

	private final SeriesStore repository;

	SeriesLocationReferences(SeriesStore repository) {
		this.repository = repository;
	}

	@Override
	public String what() {
		return "document series that gave out numbers";
	}

	@Override
	public long count(UUID locationId) {
		return repository.usedAt(locationId);
	}

	@Override
	public void release(UUID locationId) {
		repository.deleteUnused(locationId);
	}
}
