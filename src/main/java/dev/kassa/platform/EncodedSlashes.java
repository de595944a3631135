package dev.kassa.platform;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Document numbers hold slashes ({@code BLR1/2627/000042}) and the seed's API takes them in the path
 * ({@code /api/orders/number/{n}}), so an encoded slash ({@code %2F}) must reach the handler as part of one
 * path segment: Tomcat decodes it in the servlet path (so no {@code %} is left there for the firewall to
 * refuse), Spring Security's firewall lets the encoded slash of the raw URI by, and Spring MVC, which matches
 * the raw URI segment by segment, decodes it into the path variable. Everything else the firewall refuses it still refuses.
 * It lives in platform because it changes how every request of the application is read, not only the
 * seed's: {@code /api/v1} paths with a document number in them take the same route.
 */
@Configuration(proxyBeanMethods = false)
class EncodedSlashes {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesDecoded() {
		return factory -> factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling("decode"));
	}

	@Bean
	WebSecurityCustomizer encodedSlashesAllowed() {
		var firewall = new StrictHttpFirewall();
		firewall.setAllowUrlEncodedSlash(true);
		return web -> web.httpFirewall(firewall);
	}
}
