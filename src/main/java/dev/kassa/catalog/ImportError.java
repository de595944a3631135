package dev.kassa.catalog;

import org.jspecify.annotations.Nullable;

/** One line of an import's error report; {@code line} is null for a problem of the whole file. */
record ImportError(@Nullable Long line, @Nullable String field, String message) {
}
