package dev.kassa.delivery;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The routing engine that gives road distances and times, bound from {@code kassa.delivery.routing.*}.
 *
 * @param engine {@code none} (straight lines times the road factor), {@code osrm} (its Table service) or
 *        {@code graphhopper} (its Matrix API)
 * @param url the engine's base URL, e.g. {@code http://osrm:5000} or {@code http://graphhopper:8989}
 * @param profile the OSRM profile or GraphHopper vehicle profile ({@code driving}, {@code car})
 * @param timeout how long one matrix request may take before the plan falls back to straight lines
 * @param cacheSize legs (from, to) kept in memory, so that a repeated plan asks the engine nothing
 */
@ConfigurationProperties("kassa.delivery.routing")
record RoutingSettings(@DefaultValue("none") String engine, @Nullable URI url, @DefaultValue("") String profile,
		@DefaultValue("3s") Duration timeout, @DefaultValue("200000") int cacheSize) {

	RoutingSettings {
		if (!engine.equals("none") && !engine.equals("osrm") && !engine.equals("graphhopper")) {
			throw new IllegalArgumentException("kassa.delivery.routing.engine: none, osrm or graphhopper, not " + engine);
		}
		if (!engine.equals("none") && (url == null || url.getScheme() == null
				|| !(url.getScheme().equals("http") || url.getScheme().equals("https")))) {
			throw new IllegalArgumentException("kassa.delivery.routing.url: an http(s) URL is needed for " + engine);
		}
		if (!timeout.isPositive() || cacheSize < 0) {
			throw new IllegalArgumentException("kassa.delivery.routing: timeout > 0, cache size >= 0");
		}
	}

	String profileOrDefault() {
		return !profile.isEmpty() ? profile : engine.equals("osrm") ? "driving" : "car";
	}
}
