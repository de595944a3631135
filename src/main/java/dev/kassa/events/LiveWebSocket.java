package dev.kassa.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeHandler;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.kassa.platform.ApiException;

/**
 * The live stream on a plain WebSocket at {@code /ws}. The client authenticates with the
 * {@code access_token} query parameter or with a first message {@code {"type":"auth","access_token":...}}
 * within ten seconds, and may name {@code topics} and {@code after} (the last seq it saw) in either. Later
 * messages: {@code {"type":"subscribe","topics":[...],"after":n}} and {@code {"type":"resume","after":n}}.
 * The server sends {@code subscribed}, {@code event} (with its {@code seq}) and {@code error} messages.
 * Close codes: 4401 no valid token (or it expired: reconnect with a fresh one and resume), 4403 the user must
 * change a generated password (or set up the TOTP second factor their role requires) first, 4008 too slow
 * (resume from your last seq), 4000 idle (no pong for {@code kassa.events.idle-timeout}), 1009 a message
 * from the client over {@value #MAX_MESSAGE} characters.
 * <p>
 * What an idle connection holds is kept small (thousands are open at once): the container's message buffers
 * are {@value #BUFFER} characters or bytes, not 8 KiB each, since clients send only small control messages
 * (a longer one, such as an access token with many locations, arrives in parts and is joined here); and no
 * per-message compression is negotiated, which would cost a deflater per connection and CPU per message. The
 * events of one batch are written together and flushed once.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@ConditionalOnWebApplication
class LiveWebSocket extends TextWebSocketHandler implements WebSocketConfigurer {

	static final int UNAUTHENTICATED = 4401;

	static final int TOO_SLOW = 4008;

	static final int IDLE = 4000;

	static final int BAD_REQUEST = 4400;

	/** The user must change their generated password first (as REST's 403 {@code password_change_required}). */
	static final int PASSWORD_CHANGE_REQUIRED = 4403;

	/** The user holds the most live connections allowed already. */
	static final int TOO_MANY = 4029;

	/** The container's text and binary message buffers of each connection. */
	static final int BUFFER = 1024;

	/** The longest message a client may send, in characters. */
	static final int MAX_MESSAGE = 64 * 1024;

	private static final String STATE = "kassa.live";

	private static final ByteBuffer NO_DATA = ByteBuffer.allocate(0);

	private final LiveHub hub;

	private final EventStore store;

	private final EventSettings settings;

	private final LiveAuth auth;

	private final JsonMapper json;

	private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
			Thread.ofPlatform().daemon().name("kassa-ws-auth-deadline").factory());

	private final LiveConnections connections;

	LiveWebSocket(LiveHub hub, EventStore store, EventSettings settings, LiveAuth auth, JsonMapper json,
			LiveConnections connections) {
		this.connections = connections;
		this.hub = hub;
		this.store = store;
		this.settings = settings;
		this.auth = auth;
		this.json = json;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		// Tokens, not cookies, authenticate: another origin's page cannot ride on a user's session.
		registry.addHandler(this, "/ws").setAllowedOriginPatterns("*").setHandshakeHandler(new WithoutExtensions());
	}

	/**
	 * The handshake as the default handler does it, but as if the client had asked for no extension: the
	 * container (Tomcat) negotiates {@code permessage-deflate} itself from the request's header, whatever the
	 * handshake handler selects, so the header is hidden from it.
	 */
	private static final class WithoutExtensions implements HandshakeHandler {

		private static final String EXTENSIONS = "Sec-WebSocket-Extensions";

		private final DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();

		@Override
		public boolean doHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
				Map<String, Object> attributes) {
			var plain = request instanceof ServletServerHttpRequest servlet
					? new ServletServerHttpRequest(new HttpServletRequestWrapper(servlet.getServletRequest()) {
						@Override
						public @Nullable String getHeader(String name) {
							return EXTENSIONS.equalsIgnoreCase(name) ? null : super.getHeader(name);
						}

						@Override
						public Enumeration<String> getHeaders(String name) {
							return EXTENSIONS.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
						}

						@Override
						public Enumeration<String> getHeaderNames() {
							var names = Collections.list(super.getHeaderNames());
							names.removeIf(EXTENSIONS::equalsIgnoreCase);
							return Collections.enumeration(names);
						}
					})
					: request;
			return handshake.doHandshake(plain, response, handler, attributes);
		}
	}

	/** The defaults of the servlet container's WebSocket engine: small message buffers (see the class). */
	@Bean
	static ServletServerContainerFactoryBean liveWebSocketContainer() {
		var container = new ServletServerContainerFactoryBean();
		container.setMaxTextMessageBufferSize(BUFFER);
		container.setMaxBinaryMessageBufferSize(BUFFER);
		return container;
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	/** One connection: its session, its caller once known, its current subscription. */
	private final class Connection implements Subscription.Sink {

		final WebSocketSession session;

		/** Sends of the writer and of the container's thread (answers to the client's messages) take turns. */
		private final ReentrantLock sending = new ReentrantLock();

		private final RemoteEndpoint.Basic remote;

		/** A message from the client that arrived in parts, until its last part; {@code null} between messages. */
		@Nullable StringBuilder partial;

		volatile LiveAuth.@Nullable Caller caller;

		/** Whether this connection is counted among its user's live connections. */
		volatile boolean counted;

		volatile @Nullable Subscription subscription;

		volatile long lastHeard = System.nanoTime();

		Connection(WebSocketSession session) throws IOException {
			this.session = session;
			var container = session instanceof NativeWebSocketSession nativeSession
					? nativeSession.getNativeSession(Session.class) : null;
			if (container == null) {
				throw new IllegalStateException("the live WebSocket needs a Jakarta WebSocket container");
			}
			this.remote = container.getBasicRemote();
			remote.setBatchingAllowed(true);
		}

		@Override
		public void subscribed(long after) throws IOException {
			var message = new LinkedHashMap<String, Object>();
			message.put("type", "subscribed");
			message.put("after", after);
			send(message);
		}

		/** Written into the container's batch; {@link #flush()} sends it. */
		@Override
		public void event(LiveHub.LiveEvent event) throws IOException {
			sending.lock();
			try {
				TextFrames.send(remote, event.message());
			}
			finally {
				sending.unlock();
			}
		}

		@Override
		public void flush() throws IOException {
			sending.lock();
			try {
				remote.flushBatch();
			}
			finally {
				sending.unlock();
			}
		}

		@Override
		public void heartbeat() throws IOException {
			sending.lock();
			try {
				remote.sendPing(NO_DATA.duplicate());
				remote.flushBatch();
			}
			finally {
				sending.unlock();
			}
		}

		@Override
		public boolean idle() {
			return System.nanoTime() - lastHeard > settings.idleTimeout().toNanos();
		}

		@Override
		public void close(Subscription.Ending ending) {
			switch (ending) {
				case TOO_SLOW -> close(TOO_SLOW, "too slow, resume from your last seq");
				case IDLE -> close(IDLE, "idle");
				case TOKEN_EXPIRED -> close(UNAUTHENTICATED, "token expired, reconnect with a fresh one and resume");
				case STOPPED -> close(CloseStatus.GOING_AWAY.getCode(), "server stopping");
			}
		}

		void close(int code, String reason) {
			try {
				session.close(new CloseStatus(code, reason));
			}
			catch (IOException | IllegalStateException ex) {
				// already gone
			}
		}

		void send(Map<String, ?> message) throws IOException {
			var text = json.writeValueAsString(message);
			sending.lock();
			try {
				remote.sendText(text);
				remote.flushBatch();
			}
			finally {
				sending.unlock();
			}
		}

		/** Joins a message that arrives in parts; answers it whole, or {@code null} until its last part. */
		@Nullable String whole(TextMessage message) {
			var part = message.getPayload();
			if (partial == null && message.isLast()) {
				return part;
			}
			if (partial == null) {
				partial = new StringBuilder();
			}
			if (partial.length() + part.length() > MAX_MESSAGE) {
				partial = null;
				close(CloseStatus.TOO_BIG_TO_PROCESS.getCode(), "message over " + MAX_MESSAGE + " characters");
				return null;
			}
			partial.append(part);
			if (!message.isLast()) {
				return null;
			}
			var text = partial.toString();
			partial = null;
			return text;
		}

		void error(ApiException ex) {
			var message = new LinkedHashMap<String, Object>();
			message.put("type", "error");
			message.put("code", ex.code());
			message.put("message", ex.getMessage());
			if (!ex.errors().isEmpty()) {
				message.put("field", ex.errors().getFirst().field());
			}
			try {
				send(message);
			}
			catch (IOException ignored) {
				// the connection is gone; nothing to tell
			}
		}

		/** Replaces the subscription; without {@code after}, continues from where the last one was. */
		void subscribe(@Nullable JsonNode topicsNode, @Nullable Long after, boolean keepTopics) {
			var current = caller;
			if (current == null) {
				return;
			}
			var old = subscription;
			java.util.Set<String> topics;
			if (keepTopics && old != null) {
				topics = old.topics();
			}
			else {
				topics = LiveRequests.topics(strings(topicsNode), current.user());
			}
			Long from = after;
			if (old != null) {
				old.stopAndWait();
				if (from == null) {
					from = old.cursor() < 0 ? null : old.cursor();
				}
			}
			subscription = new Subscription(hub, store, settings, current.user(), topics, from, current.expiresAt(),
					this).start();
		}
	}

	private static java.util.@Nullable List<String> strings(@Nullable JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return null;
		}
		if (!node.isArray()) {
			throw ApiException.invalid("topics", "must be an array of topic names");
		}
		var list = new ArrayList<String>();
		for (var item : node) {
			if (!item.isString()) {
				throw ApiException.invalid("topics", "must be an array of topic names");
			}
			list.add(item.asString());
		}
		return list;
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		var connection = new Connection(session);
		session.getAttributes().put(STATE, connection);
		var uri = session.getUri();
		var query = uri == null ? new org.springframework.util.LinkedMultiValueMap<String, String>()
				: UriComponentsBuilder.fromUri(uri).build().getQueryParams();
		var token = query.getFirst("access_token");
		if (token == null) {
			deadlines.schedule(() -> {
				if (connection.caller == null && session.isOpen()) {
					connection.close(UNAUTHENTICATED, "authenticate within 10 s");
				}
			}, 10, TimeUnit.SECONDS);
			return;
		}
		var caller = auth.authenticate(java.net.URLDecoder.decode(token, java.nio.charset.StandardCharsets.UTF_8));
		if (caller == null) {
			connection.close(UNAUTHENTICATED, "invalid access token");
			return;
		}
		if (!admit(connection, caller)) {
			return;
		}
		try {
			var topics = query.getFirst("topics");
			var after = LiveRequests.after(query.getFirst("after"), "after");
			connection.subscription = new Subscription(hub, store, settings, caller.user(),
					LiveRequests.topics(topics == null ? null
							: java.net.URLDecoder.decode(topics, java.nio.charset.StandardCharsets.UTF_8), caller.user()),
					after, caller.expiresAt(), connection).start();
		}
		catch (ApiException ex) {
			connection.error(ex);
			connection.close(BAD_REQUEST, "bad request");
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		var connection = (Connection) session.getAttributes().get(STATE);
		if (connection == null) {
			return;
		}
		connection.lastHeard = System.nanoTime();
		var text = connection.whole(message);
		if (text == null) {
			return;
		}
		JsonNode body;
		try {
			body = json.readTree(text);
		}
		catch (RuntimeException ex) {
			connection.error(ApiException.invalid("message", "is not JSON"));
			return;
		}
		var type = body.path("type").asString("");
		try {
			if (type.equals("auth")) {
				if (connection.caller != null) {
					throw ApiException.invalid("type", "this connection is already authenticated");
				}
				var caller = auth.authenticate(body.path("access_token").asString(null));
				if (caller == null) {
					connection.close(UNAUTHENTICATED, "invalid access token");
					return;
				}
				if (!admit(connection, caller)) {
					return;
				}
				connection.subscribe(body.get("topics"), after(body), false);
				return;
			}
			if (connection.caller == null) {
				connection.close(UNAUTHENTICATED, "authenticate first");
				return;
			}
			switch (type) {
				case "subscribe" -> connection.subscribe(body.get("topics"), after(body), false);
				case "resume" -> {
					var after = after(body);
					if (after == null) {
						throw ApiException.invalid("after", "is required: the last seq you saw");
					}
					connection.subscribe(null, after, true);
				}
				case "ping" -> connection.send(Map.of("type", "pong"));
				default -> throw ApiException.invalid("type", "must be auth, subscribe, resume or ping");
			}
		}
		catch (ApiException ex) {
			connection.error(ex);
		}
		catch (IOException ex) {
			connection.close(CloseStatus.SERVER_ERROR.getCode(), "write failed");
		}
	}

	private static @Nullable Long after(JsonNode body) {
		var node = body.get("after");
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.canConvertToLong() || !node.isIntegralNumber() || node.asLong() < 0) {
			throw ApiException.invalid("after", "must be a seq, a whole number 0 or more");
		}
		return node.asLong();
	}

	@Override
	protected void handlePongMessage(WebSocketSession session, PongMessage message) {
		var connection = (Connection) session.getAttributes().get(STATE);
		if (connection != null) {
			connection.lastHeard = System.nanoTime();
		}
	}

	/** Counts the connection for its user, or closes it with 4029 when they hold the most already. */
	private boolean admit(Connection connection, LiveAuth.Caller caller) {
		if (caller.mustChangePassword()) {
			connection.close(PASSWORD_CHANGE_REQUIRED, "password change required: PUT /api/v1/me/password first");
			return false;
		}
		if (caller.mustEnrolTotp()) {
			connection.close(PASSWORD_CHANGE_REQUIRED, "two-step sign-in required: POST /api/v1/me/totp first");
			return false;
		}
		if (!connections.open(caller.user().id())) {
			connection.close(TOO_MANY, "at most " + connections.max() + " live connections per user");
			return false;
		}
		connection.counted = true;
		connection.caller = caller;
		return true;
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		var connection = (Connection) session.getAttributes().get(STATE);
		if (connection != null && connection.subscription != null) {
			connection.subscription.stop();
		}
		if (connection != null && connection.counted && connection.caller != null) {
			connection.counted = false;
			connections.close(connection.caller.user().id());
		}
	}
}
