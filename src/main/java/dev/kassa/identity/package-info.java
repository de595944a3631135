/** Users, their roles and locations, passwords, and the tokens they sign in with. */
@NullMarked
package dev.kassa.identity;

import org.jspecify.annotations.NullMarked;
