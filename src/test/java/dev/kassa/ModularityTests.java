package dev.kassa;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module boundaries of ARCHITECTURE.md, checked: no cycles between modules, and a module uses
 * only what another module makes public.
 */
class ModularityTests {

	@Test
	void modulesRespectTheirBoundaries() {
		ApplicationModules.of(KassaApplication.class).verify();
	}
}
