package dev.kassa.customers;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A postal address.
 *
 * @param stateCode the two-digit GST state code (27 Maharashtra, 29 Karnataka, ...), which decides the
 *     place of supply
 * @param country ISO 3166 alpha-2
 */
public record Address(@NotBlank @Size(max = 200) String line1, @Size(max = 200) @Nullable String line2,
		@Size(max = 100) @Nullable String city,
		@Nullable @Pattern(regexp = "[0-9]{2}", message = "must be a two-digit GST state code") String stateCode,
		@Nullable @Pattern(regexp = "[A-Za-z0-9 -]{3,12}", message = "must be 3 to 12 letters, digits, spaces or -") String postalCode,
		@Nullable @Pattern(regexp = "[A-Z]{2}", message = "must be an ISO 3166 two-letter code") String country) {
}
