package dev.kassa;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@EnableConfigurationProperties({ dev.kassa.platform.PlatformSettings.class, dev.kassa.platform.SecuritySettings.class,
		dev.kassa.platform.RateLimitSettings.class, dev.kassa.platform.Idempotency.Settings.class })
@EnableScheduling
public class KassaApplication {

	public static void main(String[] args) {
		SpringApplication.run(KassaApplication.class, args);
	}
}
