package dev.kassa.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

/** OWASP API5 (broken function level authorization): the rule on a method wins over the rule on its class. */
class AccessRulesTests {

	@PermitAll
	static class PublicClass {

		@RolesAllowed("ADMIN")
		public void adminOnly() {
		}

		public void open() {
		}
	}

	@RolesAllowed("MANAGER")
	static class ManagerClass {

		@PermitAll
		public void open() {
		}

		public void managers() {
		}

		@PermitAll
		@RolesAllowed("ADMIN")
		public void both() {
		}
	}

	static class NoRules {

		public void forgotten() {
		}
	}

	private static Set<Role> allowed(Object bean, String method) throws Exception {
		return AccessRules.allowed(new HandlerMethod(bean, bean.getClass().getMethod(method)));
	}

	@Test
	void aClassLevelPermitAllDoesNotOpenAMethodThatNamesItsRoles() throws Exception {
		assertThat(allowed(new PublicClass(), "adminOnly")).containsExactly(Role.ADMIN);
		assertThat(allowed(new PublicClass(), "open")).isNull();
	}

	@Test
	void aMethodRuleWinsOverTheClassRuleAndBothOnOneIsRefusedToEveryone() throws Exception {
		assertThat(allowed(new ManagerClass(), "open")).isNull();
		assertThat(allowed(new ManagerClass(), "managers")).containsExactly(Role.MANAGER);
		assertThat(allowed(new ManagerClass(), "both")).isEmpty();
		assertThat(allowed(new NoRules(), "forgotten")).isNotNull().isEmpty();
	}
}
