package dev.kassa.notifications;

/** How a message travels. */
public enum Channel {
	EMAIL, WHATSAPP
}
