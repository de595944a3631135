/** HTTP conventions, errors, security, rate limits, the embedded database and identifiers. */
@NullMarked
package dev.kassa.platform;

import org.jspecify.annotations.NullMarked;
