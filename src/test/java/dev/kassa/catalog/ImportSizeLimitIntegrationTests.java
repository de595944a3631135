package dev.kassa.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import dev.kassa.support.IntegrationTestSupport;

@TestPropertySource(properties = "kassa.catalog.import-max-size=1KB")
class ImportSizeLimitIntegrationTests extends IntegrationTestSupport {

	@Test
	void aFileOverTheLimitIsRefusedWith413AndNothingIsStored() {
		var big = new StringBuilder(BulkCsv.HEADER).append('\n');
		for (int i = 0; big.length() <= 1024; i++) {
			big.append("SZ-").append(i).append(",Size,,,PIECE,1,true,GST_18,,,true,false,true\n");
		}
		api().adminToken();
		var refused = BulkCsv.upload(api(), api().token("MANAGER"), big.toString().getBytes(), "valid_rows", "big");
		assertThat(refused.status()).as(refused.body()).isEqualTo(413);
		assertThat(refused.json().path("errors").toString()).contains("file");
		assertThat(count("SELECT count(*) FROM product_imports")).isZero();
	}
}
