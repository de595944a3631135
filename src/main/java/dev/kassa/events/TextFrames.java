package dev.kassa.events;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import jakarta.websocket.RemoteEndpoint;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a text message whose UTF-8 bytes are ready, so that an event going to a thousand connections is
 * encoded once instead of once per connection: Tomcat's own {@code sendText} copies the text into a fresh
 * buffer and encodes it for every connection, which was most of the live fan-out's CPU. The Jakarta API has
 * no text-from-bytes send; Tomcat's frame writer has one (package-private {@code sendMessageBlock(byte,
 * ByteBuffer, boolean)}), reached here with the state checks its {@code sendText} makes around it. When the
 * container is not the Tomcat this was written against (its internals renamed), {@link #direct()} is false,
 * a warning says so once, and messages go through the standard API.
 */
final class TextFrames {

	private static final Logger log = LoggerFactory.getLogger(TextFrames.class);

	private static final byte OPCODE_TEXT = 1;

	private static final @Nullable Handles HANDLES = find();

	private TextFrames() {
	}

	/** Tomcat's internals, each adapted to {@code Object} types so that a call needs no casts. */
	private record Handles(Class<?> basic, MethodHandle impl, MethodHandle stateMachine, MethodHandle textStart,
			MethodHandle send, MethodHandle complete) {
	}

	/** Whether text goes out as the given bytes, without the container encoding it again. */
	static boolean direct() {
		return HANDLES != null;
	}

	/**
	 * Sends {@code utf8}, valid UTF-8, as one text message on {@code remote}; the caller keeps other sends on
	 * the same connection out meanwhile, as for any blocking send. With batching allowed the frame waits in
	 * the connection's batch for {@link RemoteEndpoint#flushBatch()}.
	 */
	static void send(RemoteEndpoint.Basic remote, byte[] utf8) throws IOException {
		var handles = HANDLES;
		if (handles == null || !handles.basic().isInstance(remote)) {
			remote.sendText(new String(utf8, StandardCharsets.UTF_8));
			return;
		}
		try {
			Object impl = handles.impl().invokeExact((Object) remote);
			Object machine = handles.stateMachine().invokeExact(impl);
			handles.textStart().invokeExact(machine);
			handles.send().invokeExact(impl, OPCODE_TEXT, ByteBuffer.wrap(utf8), true);
			handles.complete().invokeExact(machine, true);
		}
		catch (IOException | RuntimeException | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IOException(ex);
		}
	}

	private static @Nullable Handles find() {
		try {
			var basic = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointBasic");
			var base = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointBase");
			var impl = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase");
			var machine = Class.forName("org.apache.tomcat.websocket.WsRemoteEndpointImplBase$StateMachine");
			var lookup = MethodHandles.lookup();
			var inBase = MethodHandles.privateLookupIn(base, lookup);
			var inImpl = MethodHandles.privateLookupIn(impl, lookup);
			var inMachine = MethodHandles.privateLookupIn(machine, lookup);
			var objects = MethodType.methodType(Object.class, Object.class);
			return new Handles(basic, inBase.findGetter(base, "base", impl).asType(objects),
					inImpl.findGetter(impl, "stateMachine", machine).asType(objects),
					inMachine.findVirtual(machine, "textStart", MethodType.methodType(void.class))
						.asType(MethodType.methodType(void.class, Object.class)),
					inImpl
						.findVirtual(impl, "sendMessageBlock",
								MethodType.methodType(void.class, byte.class, ByteBuffer.class, boolean.class))
						.asType(MethodType.methodType(void.class, Object.class, byte.class, ByteBuffer.class,
								boolean.class)),
					inMachine.findVirtual(machine, "complete", MethodType.methodType(void.class, boolean.class))
						.asType(MethodType.methodType(void.class, Object.class, boolean.class)));
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			log.warn("live events go out through the standard WebSocket API, encoded once per connection: "
					+ "Tomcat's frame writer was not found ({})", ex.toString());
			return null;
		}
	}
}
