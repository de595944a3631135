package dev.kassa.notifications;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A pre-approved WhatsApp template message: its name, language and the body's parameters in order.
 *
 * @param language a template language code, e.g. {@code en} or {@code en_US}
 */
record WhatsAppTemplate(@NotBlank @Size(max = 512) String name, @NotBlank @Size(max = 15) String language,
		@Size(max = 20) List<@NotNull @Size(max = 1024) String> parameters) {

	public WhatsAppTemplate {
		parameters = parameters == null ? List.of() : List.copyOf(parameters);
	}
}
