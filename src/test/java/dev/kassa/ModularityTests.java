package dev.kassa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

/**
 * The module boundaries of docs/architecture.md, checked: no cycles between modules, a module uses only the
 * modules (and named interfaces) its {@code package-info.java} allows, and every module stands on a floor
 * above every module it uses.
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(KassaApplication.class);

	/**
	 * The floors of docs/architecture.md: a module may use only modules on lower floors. A new module is put
	 * on the floor above the highest one it uses.
	 */
	static final Map<String, Integer> FLOORS = Map.ofEntries(
			Map.entry("platform", 0),
			Map.entry("events", 1),
			Map.entry("identity", 2), Map.entry("jobs", 2), Map.entry("notifications", 2), Map.entry("customers", 2),
			Map.entry("organization", 3), Map.entry("catalog", 3),
			Map.entry("numbering", 4), Map.entry("inventory", 4), Map.entry("reports", 4),
			Map.entry("tills", 4),
			Map.entry("sales", 5),
			Map.entry("compat", 6), Map.entry("delivery", 6), Map.entry("documents", 6));

	@Test
	void modulesRespectTheirBoundaries() {
		MODULES.verify();
	}

	@Test
	void everyModuleUsesOnlyModulesOnLowerFloors() {
		var problems = new ArrayList<String>();
		for (ApplicationModule module : MODULES) {
			var name = module.getIdentifier().toString();
			var floor = FLOORS.get(name);
			if (floor == null) {
				problems.add(name + " has no floor: add it to ModularityTests.FLOORS and docs/architecture.md");
				continue;
			}
			module.getDirectDependencies(MODULES).uniqueModules().forEach(target -> {
				var targetName = target.getIdentifier().toString();
				var targetFloor = FLOORS.getOrDefault(targetName, Integer.MAX_VALUE);
				if (targetFloor >= floor) {
					problems.add(name + " (floor " + floor + ") uses " + targetName + " (floor " + targetFloor + ")");
				}
			});
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyModuleDeclaresWhatItMayUse() throws ClassNotFoundException {
		var undeclared = new ArrayList<String>();
		for (ApplicationModule module : MODULES) {
			var basePackage = module.getBasePackage().getName();
			var declaration = Class.forName(basePackage + ".package-info").getAnnotation(
					org.springframework.modulith.ApplicationModule.class);
			if (declaration == null || List.of(declaration.allowedDependencies())
					.contains(org.springframework.modulith.ApplicationModule.OPEN_TOKEN)) {
				undeclared.add(module.getIdentifier().toString());
			}
		}
		assertThat(undeclared).as("modules whose package-info.java has no @ApplicationModule(allowedDependencies)")
				.isEmpty();
	}
}
