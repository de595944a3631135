package dev.kassa.notifications;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.kassa.platform.ApiException;

/**
 * Where a webhook may point. https only (http when {@code allow-http}), no credentials in the URL, and
 * unless {@code allow-private-addresses}, no loopback, private, link-local, shared (CGNAT), multicast or
 * reserved address: a webhook must not become a way into the shop's own network. Checked here when an
 * endpoint is written, and at each delivery by {@link OutboundHttp}'s connection against the addresses it
 * connects to.
 */
final class WebhookAddresses {

	private WebhookAddresses() {
	}

	/** Checks a URL an ADMIN gives; 400 naming {@code url} when it may not be used. */
	static URI checked(String url, NotificationSettings.Webhooks settings) {
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw ApiException.invalid("url", "is not a URL");
		}
		var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttp())) {
			throw ApiException.invalid("url", settings.allowHttp() ? "must be an http or https URL" : "must be an https URL");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw ApiException.invalid("url", "must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			throw ApiException.invalid("url", "must not carry credentials");
		}
		if (uri.getRawFragment() != null) {
			throw ApiException.invalid("url", "must not have a fragment");
		}
		if (!settings.allowPrivateAddresses()) {
			var host = host(uri);
			if (host.equals("localhost") || host.endsWith(".localhost")) {
				throw ApiException.invalid("url", "must not point to this machine");
			}
			if (isLiteral(host)) {
				InetAddress address;
				if (!host.contains(":") && host.matches("(.*\\.)?0[0-9].*")) {
					// 0177.0.0.1 is 127.0.0.1 to some resolvers and 177.0.0.1 to others
					throw ApiException.invalid("url", "is not a valid address (no leading zeros)");
				}
				try {
					address = InetAddress.ofLiteral(host);
				}
				catch (IllegalArgumentException ex) {
					throw ApiException.invalid("url", "is not a valid address");
				}
				if (!isPublic(address)) {
					throw ApiException.invalid("url", "must not point to a private, loopback or reserved address");
				}
			}
		}
		return uri;
	}

	private static String host(URI uri) {
		var host = uri.getHost().toLowerCase(Locale.ROOT);
		// a fully qualified name ends in a dot: "localhost." is localhost
		while (host.endsWith(".") && host.length() > 1) {
			host = host.substring(0, host.length() - 1);
		}
		return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
	}

	/**
	 * An IP address, also in the spellings some resolvers read as one ({@code 0x7f000001}, {@code 0x7f.1}): every
	 * dot-separated part a number, decimal or hex. Only the canonical forms pass {@link InetAddress#ofLiteral}.
	 */
	private static boolean isLiteral(String host) {
		return host.contains(":") || host.matches("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*\\.?");
	}

	static boolean isPublic(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()) {
			return false;
		}
		byte[] b = address.getAddress();
		if (address instanceof Inet4Address) {
			int first = b[0] & 0xff;
			int second = b[1] & 0xff;
			return !(first == 0 || first >= 240 || first == 100 && second >= 64 && second < 128
					|| first == 192 && second == 0 && (b[2] & 0xff) == 0 || first == 198 && (second == 18 || second == 19));
		}
		if (address instanceof Inet6Address) {
			// unique local fc00::/7; IPv4-mapped addresses come back as Inet4Address
			return (b[0] & 0xfe) != 0xfc;
		}
		return false;
	}
}
