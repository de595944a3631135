package dev.kassa.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test against the whole server: real HTTP on a random port, its own PostgreSQL database
 * (see {@link TestDatabase}), the admin's password known to {@link TestClient}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "kassa.security.admin-password=" + TestClient.ADMIN_PASSWORD,
				"kassa.rate-limit.per-user.capacity=100000", "kassa.rate-limit.per-user.per-second=100000",
				"kassa.rate-limit.per-address.capacity=100000", "kassa.rate-limit.per-address.per-second=100000",
				"kassa.rate-limit.login.capacity=100000", "kassa.rate-limit.login.per-second=100000",
				"kassa.db.pool-size=24" })
public @interface KassaIntegrationTest {
}
