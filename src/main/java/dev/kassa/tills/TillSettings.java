package dev.kassa.tills;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A location's till rules.
 *
 * @param sessionRequired whether a sale at a terminal needs an open session on it (409
 *        {@code till_session_required} otherwise)
 * @param maxOpenMinutes how long a session may stay open before its terminal must close it to sell again
 * @param paidOutManagerAbove a paid out above this amount needs a MANAGER
 * @param varianceThreshold a count off by more than this in any payment method needs a MANAGER to accept it
 * @param cashierManySessions whether a cashier may hold open sessions on several terminals at once
 * @param sharedSessions whether a cashier may sell on (or refund from) another cashier's open session; else 409
 *        {@code till_session_of_another_cashier}
 * @param custom whether a manager set these for the location (else they are the defaults)
 */
public record TillSettings(UUID locationId, boolean sessionRequired, int maxOpenMinutes,
		BigDecimal paidOutManagerAbove, BigDecimal varianceThreshold, boolean cashierManySessions, boolean sharedSessions, boolean custom) {
}
