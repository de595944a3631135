/** The organization's profile, tax registrations, bank accounts, financial years, and its locations. */
@NullMarked
package dev.kassa.organization;

import org.jspecify.annotations.NullMarked;
