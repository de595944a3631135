package dev.kassa.delivery;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.kassa.sales.SaleExtras;

/**
 * The refundable deposits charged for new connections with a sale, printed on its invoice and receipt apart from the
 * supply: a security deposit is no consideration while it is refundable (docs/delivery.md, GST).
 */
@Component
class SaleDeposits implements SaleExtras {

	private final JdbcClient jdbc;

	SaleDeposits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public List<Extra> of(UUID saleId) {
		return jdbc.sql("""
				SELECT t.code, sum(m.connections) AS connections, sum(m.deposit) AS deposit
				FROM container_movements m JOIN container_types t ON t.id = m.container_type_id
				WHERE m.sale_id = :sale AND m.kind = 'EXCHANGE' AND m.connections > 0
				GROUP BY t.code ORDER BY t.code""")
			.param("sale", saleId)
			.query((rs, row) -> new Extra("Refundable deposit " + rs.getLong("connections") + " x " + rs.getString("code"),
					rs.getBigDecimal("deposit").setScale(2)))
			.list()
			.stream()
			.filter(extra -> extra.amount().compareTo(BigDecimal.ZERO) > 0)
			.toList();
	}
}
