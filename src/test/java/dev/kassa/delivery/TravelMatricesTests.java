package dev.kassa.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Road distances from a fake OSRM and a fake GraphHopper (WireMock, real HTTP), and the fallback to straight lines. */
class TravelMatricesTests {

	static final WireMockServer ENGINE = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final RouteSolver SOLVER = new RouteSolver(new DeliverySettings(25, 1.3, Duration.ofMinutes(5),
			LocalTime.of(8, 0), LocalTime.of(20, 0), 100, 1, 25, 300, 100, Duration.ofSeconds(5)));

	static final RouteSolver.Point DEPOT = new RouteSolver.Point(12.9716, 77.5946);

	static final List<RouteSolver.Point> STOPS = List.of(new RouteSolver.Point(12.98, 77.60),
			new RouteSolver.Point(12.96, 77.58));

	static final String OSRM_OK = """
			{"code": "Ok",
			 "distances": [[0, 1500.5, 2100], [1600, 0, 3000], [2000, 3100, 0]],
			 "durations": [[0, 200, 300], [210, 0, 400], [290, 410, 0]]}""";

	@BeforeAll
	static void start() {
		ENGINE.start();
	}

	@AfterAll
	static void stop() {
		ENGINE.stop();
	}

	@BeforeEach
	void reset() {
		ENGINE.resetAll();
	}

	static TravelMatrices matrices(String engine, Duration timeout) {
		return new TravelMatrices(new RoutingSettings(engine, URI.create(ENGINE.baseUrl() + "/"), "", timeout, 1000),
				SOLVER, JsonMapper.builder().build());
	}

	private static void osrmAnswers(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
		ENGINE.stubFor(get(urlPathMatching("/table/v1/driving/.*")).willReturn(answer));
	}

	private static void assertStraightLines(RouteSolver.Matrix matrix) {
		assertThat(matrix.estimated()).isTrue();
		var expected = SOLVER.straightLines(DEPOT, STOPS);
		assertThat(matrix.metres()).isDeepEqualTo(expected.metres());
		assertThat(matrix.seconds()).isDeepEqualTo(expected.seconds());
	}

	@Test
	void osrmDistancesAndDurationsAreTheMatrixAndAreCached() {
		osrmAnswers(aResponse().withHeader("Content-Type", "application/json").withBody(OSRM_OK));
		var matrices = matrices("osrm", Duration.ofSeconds(15));
		var matrix = matrices.matrix(DEPOT, STOPS);
		assertThat(matrix.estimated()).isFalse();
		assertThat(matrix.metres()[0][1]).isEqualTo(1500.5);
		assertThat(matrix.metres()[1][0]).isEqualTo(1600);
		assertThat(matrix.seconds()[2][1]).isEqualTo(410);
		// longitude first, as OSRM wants it
		ENGINE.verify(1, getRequestedFor(urlEqualTo(
				"/table/v1/driving/77.594600,12.971600;77.600000,12.980000;77.580000,12.960000?annotations=distance,duration")));
		var again = matrices.matrix(DEPOT, STOPS);
		assertThat(again.metres()).isDeepEqualTo(matrix.metres());
		assertThat(again.estimated()).isFalse();
		ENGINE.verify(1, getRequestedFor(urlPathMatching("/table/v1/driving/.*")));
	}

	@Test
	void graphHopperTimesAndDistancesAreTheMatrix() {
		ENGINE.stubFor(post(urlPathEqualTo("/matrix")).willReturn(aResponse().withHeader("Content-Type", "application/json")
			.withBody("""
					{"distances": [[0, 10, 20], [11, 0, 30], [21, 31, 0]], "times": [[0, 1, 2], [1, 0, 3], [2, 3, 0]]}""")));
		var matrix = matrices("graphhopper", Duration.ofSeconds(15)).matrix(DEPOT, STOPS);
		assertThat(matrix.estimated()).isFalse();
		assertThat(matrix.metres()[2][1]).isEqualTo(31);
		assertThat(matrix.seconds()[1][2]).isEqualTo(3);
		ENGINE.verify(postRequestedFor(urlPathEqualTo("/matrix")).withRequestBody(matchingJsonPath("$.points[0][0]",
				com.github.tomakehurst.wiremock.client.WireMock.equalTo("77.5946")))
			.withRequestBody(matchingJsonPath("$.profile", com.github.tomakehurst.wiremock.client.WireMock.equalTo("car"))));
	}

	@Test
	void withNoEngineTheMatrixIsStraightLinesAndNothingIsAsked() {
		var matrices = new TravelMatrices(new RoutingSettings("none", null, "", Duration.ofSeconds(1), 10), SOLVER,
				JsonMapper.builder().build());
		assertStraightLines(matrices.matrix(DEPOT, STOPS));
		assertThat(ENGINE.getAllServeEvents()).isEmpty();
	}

	@Nested
	class FallsBackToStraightLines {

		@Test
		void whenTheEngineIsTooSlow() {
			osrmAnswers(aResponse().withBody(OSRM_OK).withFixedDelay(3000));
			long t0 = System.nanoTime();
			assertStraightLines(matrices("osrm", Duration.ofMillis(300)).matrix(DEPOT, STOPS));
			assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2900));
		}

		@Test
		void whenTheEngineIsDown() {
			var matrices = new TravelMatrices(new RoutingSettings("osrm", URI.create("http://127.0.0.1:9"), "",
					Duration.ofSeconds(1), 10), SOLVER, JsonMapper.builder().build());
			assertStraightLines(matrices.matrix(DEPOT, STOPS));
		}

		@Test
		void whenTheEngineAnswersAnError() {
			osrmAnswers(aResponse().withStatus(500).withBody("{\"code\": \"Error\"}"));
			assertStraightLines(matrices("osrm", Duration.ofSeconds(15)).matrix(DEPOT, STOPS));
		}

		@Test
		void whenTheAnswerIsNotJson() {
			osrmAnswers(aResponse().withBody("<html>gateway</html>"));
			assertStraightLines(matrices("osrm", Duration.ofSeconds(15)).matrix(DEPOT, STOPS));
		}

		@Test
		void whenOsrmFoundNoRoute() {
			osrmAnswers(aResponse().withBody("{\"code\": \"NoRoute\", \"message\": \"Impossible route\"}"));
			assertStraightLines(matrices("osrm", Duration.ofSeconds(15)).matrix(DEPOT, STOPS));
		}

		@Test
		void whenTheMatrixHasTheWrongShape() {
			osrmAnswers(aResponse().withBody("""
					{"code": "Ok", "distances": [[0, 1], [1, 0]], "durations": [[0, 1], [1, 0]]}"""));
			assertStraightLines(matrices("osrm", Duration.ofSeconds(15)).matrix(DEPOT, STOPS));
		}

		@Test
		void whenALegHasNoRoad() {
			osrmAnswers(aResponse().withBody("""
					{"code": "Ok", "distances": [[0, 1, 2], [1, 0, null], [2, 3, 0]],
					 "durations": [[0, 1, 2], [1, 0, 3], [2, 3, 0]]}"""));
			assertStraightLines(matrices("osrm", Duration.ofSeconds(15)).matrix(DEPOT, STOPS));
		}

		@Test
		void whenADistanceIsNegativeOrText() {
			osrmAnswers(aResponse().withBody("""
					{"code": "Ok", "distances": [[0, -1, 2], [1, 0, 3], [2, 3, 0]],
					 "durations": [[0, 1, 2], [1, 0, "3"], [2, 3, 0]]}"""));
			assertStraightLines(matrices("osrm", Duration.ofSeconds(15)).matrix(DEPOT, STOPS));
		}

		@Test
		void andAFailedAnswerIsNotCached() {
			osrmAnswers(aResponse().withStatus(503));
			var matrices = matrices("osrm", Duration.ofSeconds(15));
			assertThat(matrices.matrix(DEPOT, STOPS).estimated()).isTrue();
			osrmAnswers(aResponse().withBody(OSRM_OK));
			assertThat(matrices.matrix(DEPOT, STOPS).estimated()).isFalse();
		}
	}

	@Test
	void aMisconfiguredEngineIsRefusedAtStart() {
		assertThatThrownBy(() -> new RoutingSettings("valhalla", URI.create("http://x"), "", Duration.ofSeconds(1), 1))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RoutingSettings("osrm", null, "", Duration.ofSeconds(1), 1))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new RoutingSettings("osrm", URI.create("ftp://x"), "", Duration.ofSeconds(1), 1))
			.isInstanceOf(IllegalArgumentException.class);
	}
}
