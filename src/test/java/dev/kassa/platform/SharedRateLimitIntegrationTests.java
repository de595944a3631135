package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import dev.kassa.KassaApplication;
import dev.kassa.support.IntegrationTestSupport;
import dev.kassa.support.TestClient;

/** With {@code kassa.rate-limit.store=postgres}, two instances on one database draw on the same bucket. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedRateLimitIntegrationTests extends IntegrationTestSupport {

	@Autowired
	Environment environment;

	final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	TestClient start() {
		var context = new SpringApplicationBuilder(KassaApplication.class).run("--server.port=0",
				"--kassa.db.url=" + environment.getProperty("kassa.db.url"), "--kassa.db.user=postgres",
				"--kassa.data-dir=" + environment.getProperty("kassa.data-dir"), "--kassa.db.pool-size=4",
				"--spring.flyway.enabled=false", "--kassa.rate-limit.store=postgres",
				"--kassa.rate-limit.login.capacity=4", "--kassa.rate-limit.login.per-second=0.001");
		instances.add(context);
		return new TestClient(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	@BeforeEach
	void emptyBuckets() {
		jdbc.sql("DELETE FROM rate_limit_buckets").update();
	}

	@AfterAll
	void stop() {
		instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void twoInstancesShareOneLoginBucket() {
		var a = start();
		var b = start();
		var wrong = Map.of("username", "nobody", "password", "wrong password");
		var statuses = new ArrayList<Integer>();
		for (var client : List.of(a, b, a, b)) {
			statuses.add(client.post("/api/v1/auth/login", null, wrong).status());
		}
		assertThat(statuses).doesNotContain(429);
		assertThat(b.post("/api/v1/auth/login", null, wrong).status()).isEqualTo(429);
		assertThat(a.post("/api/v1/auth/login", null, wrong).status()).isEqualTo(429);
		assertThat(count("SELECT count(*) FROM rate_limit_buckets")).isPositive();
	}

	@Test
	void bucketsThatWouldBeFullAgainAreDeletedAndTheOthersKept() {
		var a = start();
		a.post("/api/v1/auth/login", null, Map.of("username", "nobody", "password", "wrong password"));
		// the login bucket refills one token in 1,000 s: it stays; two made-up ones are long full again
		assertThat(count("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE 'l:%' AND expires_at > "
				+ "extract(epoch FROM now()) * 1000 + 60000")).isOne();
		jdbc.sql("INSERT INTO rate_limit_buckets (id, state, expires_at) VALUES ('u:gone-1', NULL, 1), ('u:gone-2', NULL, 2)")
			.update();
		instances.getFirst().getBean(RateLimitFilter.class).forgetIdle();
		assertThat(count("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE 'u:gone-%'")).isZero();
		assertThat(count("SELECT count(*) FROM rate_limit_buckets WHERE id LIKE 'l:%'")).isOne();
	}
}