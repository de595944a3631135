package dev.kassa.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmountInWordsTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			0            | Rupees Zero Only
			0.00         | Rupees Zero Only
			1            | Rupees One Only
			0.01         | One Paise Only
			0.5          | Fifty Paise Only
			12.05        | Rupees Twelve and Five Paise Only
			12.055       | Rupees Twelve and Six Paise Only
			19           | Rupees Nineteen Only
			20           | Rupees Twenty Only
			99.99        | Rupees Ninety Nine and Ninety Nine Paise Only
			100          | Rupees One Hundred Only
			101          | Rupees One Hundred One Only
			1000         | Rupees One Thousand Only
			1001         | Rupees One Thousand One Only
			99999        | Rupees Ninety Nine Thousand Nine Hundred Ninety Nine Only
			100000       | Rupees One Lakh Only
			100001       | Rupees One Lakh One Only
			1234567.89   | Rupees Twelve Lakh Thirty Four Thousand Five Hundred Sixty Seven and Eighty Nine Paise Only
			9999999      | Rupees Ninety Nine Lakh Ninety Nine Thousand Nine Hundred Ninety Nine Only
			10000000     | Rupees One Crore Only
			10000001     | Rupees One Crore One Only
			123456789    | Rupees Twelve Crore Thirty Four Lakh Fifty Six Thousand Seven Hundred Eighty Nine Only
			1000000000   | Rupees One Hundred Crore Only
			1000000000000 | Rupees One Lakh Crore Only
			100000000000000000 | Rupees One Thousand Crore Crore Only
			-250.50      | Minus Rupees Two Hundred Fifty and Fifty Paise Only
			""")
	void amountsAreSpelledTheIndianWay(String amount, String words) {
		assertThat(AmountInWords.rupees(new BigDecimal(amount))).isEqualTo(words);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			1234567.8 | INR | 12,34,567.80
			999       | INR | 999.00
			1000      | INR | 1,000.00
			100000    | INR | 1,00,000.00
			-12345.675 | INR | -12,345.68
			1234567.8 | EUR | 1,234,567.80
			""")
	void moneyIsGroupedForTheCurrency(String amount, String currency, String printed) {
		assertThat(Formats.money(new BigDecimal(amount), currency)).isEqualTo(printed);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			BLR1/2627/000042 | invoice-BLR1-2627-000042.pdf
			../x\\y           | invoice-x-y.pdf
			///              | invoice-document.pdf
			""")
	void fileNamesAreSafe(String number, String fileName) {
		assertThat(Formats.fileName("invoice", number)).isEqualTo(fileName);
	}
}
