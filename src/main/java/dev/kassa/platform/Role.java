package dev.kassa.platform;

/** What a user may do is decided by their roles; the permission matrix in docs/permissions.md lists it. */
public enum Role {

	ADMIN, MANAGER, CASHIER, EMPLOYEE, DRIVER;

	public String authority() {
		return "ROLE_" + name();
	}
}
