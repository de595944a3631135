package dev.kassa.customers;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param defaultRegion the ISO 3166 region a phone number without a + is read in */
@ConfigurationProperties("kassa.customers")
record CustomerSettings(@DefaultValue("IN") String defaultRegion) {
}
