package dev.kassa.organization;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organization, tax_registrations and bank_accounts tables. */
@Repository
class OrganizationStore {

	private final JdbcClient jdbc;

	OrganizationStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<OrganizationProfile> profile() {
		return jdbc.sql("""
				SELECT legal_name, trade_name, address, country, currency, time_zone, created_at, updated_at
				FROM organization
				""").query(PROFILE).optional();
	}

	/** Inserts or replaces the profile; answers whether it was new. */
	boolean saveProfile(OrganizationProfile profile) {
		int updated = jdbc.sql("""
				UPDATE organization SET legal_name = :legalName, trade_name = :tradeName, address = :address,
				       country = :country, currency = :currency, time_zone = :timeZone, updated_at = :now
				""")
			.params(profileParams(profile))
			.update();
		if (updated == 1) {
			return false;
		}
		jdbc.sql("""
				INSERT INTO organization (singleton, legal_name, trade_name, address, country, currency, time_zone,
				                          created_at, updated_at)
				VALUES (true, :legalName, :tradeName, :address, :country, :currency, :timeZone, :now, :now)
				ON CONFLICT (singleton) DO NOTHING
				""").params(profileParams(profile)).update();
		return true;
	}

	private static java.util.Map<String, @Nullable Object> profileParams(OrganizationProfile profile) {
		var params = new java.util.HashMap<String, @Nullable Object>();
		params.put("legalName", profile.legalName());
		params.put("tradeName", profile.tradeName());
		params.put("address", profile.address());
		params.put("country", profile.country());
		params.put("currency", profile.currency());
		params.put("timeZone", profile.timeZone());
		params.put("now", Timestamp.from(profile.updatedAt()));
		return params;
	}

	/** Inserts unless the number is registered already; answers whether it was inserted. */
	boolean insert(TaxRegistration registration) {
		return jdbc.sql("""
				INSERT INTO tax_registrations (id, kind, country, number, state_code, label, created_at)
				VALUES (:id, :kind, :country, :number, :stateCode, :label, :createdAt)
				ON CONFLICT (country, number) DO NOTHING
				""")
			.param("id", registration.id())
			.param("kind", registration.kind())
			.param("country", registration.country())
			.param("number", registration.number())
			.param("stateCode", registration.stateCode())
			.param("label", registration.label())
			.param("createdAt", Timestamp.from(registration.createdAt()))
			.update() == 1;
	}

	Optional<TaxRegistration> taxRegistration(UUID id) {
		return jdbc.sql("SELECT " + TAX_COLUMNS + " FROM tax_registrations WHERE id = :id")
			.param("id", id)
			.query(TAX)
			.optional();
	}

	List<TaxRegistration> taxRegistrations(@Nullable UUID after, int limit) {
		return jdbc.sql("SELECT " + TAX_COLUMNS + """
				 FROM tax_registrations WHERE (:after::uuid IS NULL OR id > :after) ORDER BY id LIMIT :limit
				""").param("after", after).param("limit", limit).query(TAX).list();
	}

	void deleteTaxRegistration(UUID id) {
		jdbc.sql("DELETE FROM tax_registrations WHERE id = :id").param("id", id).update();
	}

	void insert(BankAccount account) {
		jdbc.sql("""
				INSERT INTO bank_accounts (id, bank_name, account_name, account_number, ifsc, iban, created_at)
				VALUES (:id, :bankName, :accountName, :accountNumber, :ifsc, :iban, :createdAt)
				""")
			.param("id", account.id())
			.param("bankName", account.bankName())
			.param("accountName", account.accountName())
			.param("accountNumber", account.accountNumber())
			.param("ifsc", account.ifsc())
			.param("iban", account.iban())
			.param("createdAt", Timestamp.from(account.createdAt()))
			.update();
	}

	Optional<BankAccount> bankAccount(UUID id) {
		return jdbc.sql("SELECT " + BANK_COLUMNS + " FROM bank_accounts WHERE id = :id")
			.param("id", id)
			.query(BANK)
			.optional();
	}

	List<BankAccount> bankAccounts(@Nullable UUID after, int limit) {
		return jdbc.sql("SELECT " + BANK_COLUMNS + """
				 FROM bank_accounts WHERE (:after::uuid IS NULL OR id > :after) ORDER BY id LIMIT :limit
				""").param("after", after).param("limit", limit).query(BANK).list();
	}

	void deleteBankAccount(UUID id) {
		jdbc.sql("DELETE FROM bank_accounts WHERE id = :id").param("id", id).update();
	}

	private static final String TAX_COLUMNS = "id, kind, country, number, state_code, label, created_at";

	private static final String BANK_COLUMNS = "id, bank_name, account_name, account_number, ifsc, iban, created_at";

	private static Instant instant(ResultSet rs, String column) throws java.sql.SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	private static final RowMapper<OrganizationProfile> PROFILE = (rs, n) -> new OrganizationProfile(
			rs.getString("legal_name"), rs.getString("trade_name"), rs.getString("address"), rs.getString("country"),
			rs.getString("currency"), rs.getString("time_zone"), instant(rs, "created_at"), instant(rs, "updated_at"));

	private static final RowMapper<TaxRegistration> TAX = (rs, n) -> new TaxRegistration(rs.getObject("id", UUID.class),
			rs.getString("kind"), rs.getString("country"), rs.getString("number"), rs.getString("state_code"),
			rs.getString("label"), instant(rs, "created_at"));

	private static final RowMapper<BankAccount> BANK = (rs, n) -> new BankAccount(rs.getObject("id", UUID.class),
			rs.getString("bank_name"), rs.getString("account_name"), rs.getString("account_number"),
			rs.getString("ifsc"), rs.getString("iban"), instant(rs, "created_at"));
}
