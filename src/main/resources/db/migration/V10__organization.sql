-- The organization's profile: one row per deployment.
CREATE TABLE organization (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    legal_name      text NOT NULL,
    trade_name      text,
    address         text,
    country         char(2) NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    time_zone       text NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE CONSTRAINT TRIGGER organization_require_event AFTER INSERT OR UPDATE OR DELETE ON organization
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- GSTINs (India) or another country's tax id; state_code is the GSTIN's first two digits.
CREATE TABLE tax_registrations (
    id              uuid PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('GSTIN', 'TAX_ID')),
    country         char(2) NOT NULL,
    number          text NOT NULL,
    state_code      char(2),
    label           text,
    created_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX tax_registrations_number ON tax_registrations (country, number);
CREATE CONSTRAINT TRIGGER tax_registrations_require_event AFTER INSERT OR UPDATE OR DELETE ON tax_registrations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Either an Indian account (IFSC with account number) or an IBAN.
CREATE TABLE bank_accounts (
    id              uuid PRIMARY KEY,
    bank_name       text NOT NULL,
    account_name    text NOT NULL,
    account_number  text,
    ifsc            text,
    iban            text,
    created_at      timestamptz NOT NULL,
    CONSTRAINT bank_accounts_kind CHECK ((ifsc IS NOT NULL AND account_number IS NOT NULL AND iban IS NULL)
                                         OR (iban IS NOT NULL AND ifsc IS NULL))
);
CREATE CONSTRAINT TRIGGER bank_accounts_require_event AFTER INSERT OR UPDATE OR DELETE ON bank_accounts
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Financial years never overlap: the database refuses it even if two requests race.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TABLE financial_years (
    id              uuid PRIMARY KEY,
    code            text NOT NULL UNIQUE,
    starts_on       date NOT NULL,
    ends_on         date NOT NULL,
    closed          boolean NOT NULL DEFAULT false,
    closed_at       timestamptz,
    created_at      timestamptz NOT NULL,
    CONSTRAINT financial_years_order CHECK (ends_on >= starts_on),
    CONSTRAINT financial_years_no_overlap EXCLUDE USING gist (daterange(starts_on, ends_on, '[]') WITH &&)
);
CREATE CONSTRAINT TRIGGER financial_years_require_event AFTER INSERT OR UPDATE OR DELETE ON financial_years
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();

-- Stores and warehouses. The code appears in document numbers, so it never changes.
CREATE TABLE locations (
    id              uuid PRIMARY KEY,
    code            text NOT NULL CHECK (code ~ '^[A-Z0-9]{1,8}$'),
    name            text NOT NULL,
    type            text NOT NULL CHECK (type IN ('STORE', 'WAREHOUSE')),
    address         text,
    state_code      char(2),
    time_zone       text NOT NULL,
    active          boolean NOT NULL DEFAULT true,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE UNIQUE INDEX locations_code ON locations (code);
CREATE CONSTRAINT TRIGGER locations_require_event AFTER INSERT OR UPDATE OR DELETE ON locations
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION kassa_require_event();
