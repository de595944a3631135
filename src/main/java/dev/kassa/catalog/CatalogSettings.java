package dev.kassa.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param importMaxSize the largest CSV file an import accepts (larger: 413); the multipart limit
 *        ({@code spring.servlet.multipart.max-file-size}) must be at least this
 */
@ConfigurationProperties("kassa.catalog")
record CatalogSettings(@DefaultValue("50MB") DataSize importMaxSize) {
}
