package dev.kassa.support;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Creates the organization, locations and products a test needs, through the API as a client would. */
public final class Fixtures {

	/** The seeded GST 18 % tax class. */
	public static final String GST_18 = "0190a000-0000-7000-8000-000000001800";

	/** The seeded GST 5 % tax class. */
	public static final String GST_5 = "0190a000-0000-7000-8000-000000000500";

	private final TestClient api;

	public Fixtures(TestClient api) {
		this.api = api;
	}

	public void organization() {
		var response = api.put("/api/v1/organization", api.adminToken(), Map.of("legal_name", "Kassa Traders",
				"country", "IN", "currency", "INR", "time_zone", "Asia/Kolkata"));
		require(response, 200);
	}

	/** A store with the given code in the given GST state; answers its id. */
	public String location(String code, String stateCode) {
		var body = new LinkedHashMap<String, Object>();
		body.put("code", code);
		body.put("name", "Store " + code);
		body.put("type", "STORE");
		body.put("state_code", stateCode);
		body.put("time_zone", "Asia/Kolkata");
		var response = api.post("/api/v1/locations", api.adminToken(), body, UUID.randomUUID().toString());
		require(response, 201);
		return response.json().path("id").asString();
	}

	/** A product sold in pieces; {@code extra} are more fields as name, value pairs. */
	public String product(String sku, String price, String taxClassId, Object... extra) {
		var body = new LinkedHashMap<String, Object>();
		body.put("sku", sku);
		body.put("name", "Product " + sku);
		body.put("unit", "PIECE");
		body.put("price", new java.math.BigDecimal(price));
		body.put("price_includes_tax", false);
		body.put("tax_class_id", taxClassId);
		for (int i = 0; i < extra.length; i += 2) {
			body.put((String) extra[i], extra[i + 1]);
		}
		var response = api.post("/api/v1/products", api.adminToken(), body, UUID.randomUUID().toString());
		require(response, 201);
		return response.json().path("id").asString();
	}

	private static void require(TestClient.Response response, int status) {
		if (response.status() != status) {
			throw new IllegalStateException("fixture failed: " + response);
		}
	}
}
