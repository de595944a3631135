package dev.kassa.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The link between Kassa and its database, made bad on demand (fault 4 of docs/reliability.md): a TCP proxy on
 * the loopback that passes bytes both ways and can delay every chunk it passes ({@link #delay}), reset every
 * open connection ({@link #reset}) or turn into a black hole ({@link #blackhole}): nothing gets through either
 * way and new connections are accepted but go nowhere, as when a cable or a switch dies without the peers being
 * told. What was sent meanwhile is held and delivered once the link is back, as TCP's retransmissions would
 * (a close included: a side that gave up meanwhile is seen gone by the other only then). A proxy above TCP
 * cannot drop single segments: the kernel's TCP would resend them, and what a lossy link leaves of that is
 * latency, which {@link #delay} gives.
 */
public final class LinkProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress upstream;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	/** Open while the link is up; a black hole closes it until the link is back. */
	private volatile CountDownLatch linkUp = new CountDownLatch(0);

	private final AtomicLong accepted = new AtomicLong();

	private volatile boolean closed;

	private LinkProxy(ServerSocket server, InetSocketAddress upstream) {
		this.server = server;
		this.upstream = upstream;
	}

	/** A proxy on a free loopback port that forwards to {@code host:port}. */
	public static LinkProxy to(String host, int port) throws IOException {
		var proxy = new LinkProxy(new ServerSocket(0, 200, InetAddress.getLoopbackAddress()),
				new InetSocketAddress(host, port));
		Thread.ofVirtual().name("link-proxy").start(proxy::accept);
		return proxy;
	}

	public int port() {
		return server.getLocalPort();
	}

	/** Every chunk passed from now on, either way, waits {@code by} first (zero: none). */
	public void delay(Duration by) {
		delay.set(by);
	}

	/** Resets every open connection (TCP RST to both sides), as a router that restarts does. */
	public void reset() {
		for (var socket : open) {
			abort(socket);
		}
	}

	/** Lets nothing through from now on, either way, and connects nothing, until {@code on} is false again. */
	public synchronized void blackhole(boolean on) {
		if (on && linkUp.getCount() == 0) {
			linkUp = new CountDownLatch(1);
		}
		else if (!on) {
			linkUp.countDown();
		}
	}

	private void awaitLink() throws InterruptedException {
		linkUp.await();
	}

	/** Connections accepted so far. */
	public long accepted() {
		return accepted.get();
	}

	private void accept() {
		while (!closed) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				return;
			}
			accepted.incrementAndGet();
			open.add(client);
			Thread.ofVirtual().start(() -> connect(client));
		}
	}

	private void connect(Socket client) {
		try {
			// accepted, not answered while the link is down: the client's connect or sign-in timeout ends it
			awaitLink();
		}
		catch (InterruptedException ex) {
			abort(client);
			return;
		}
		var target = new Socket();
		open.add(target);
		try {
			target.connect(upstream, 5000);
		}
		catch (IOException refused) {
			// the database is down: the client sees its connection reset, as it would from the server itself
			abort(client);
			abort(target);
			return;
		}
		Thread.ofVirtual().start(() -> pump(client, target));
		pump(target, client);
	}

	private void pump(Socket from, Socket to) {
		var buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				var wait = delay.get();
				if (!wait.isZero()) {
					// pacing: the link's latency
					Thread.sleep(wait);
				}
				awaitLink();
				out.write(buffer, 0, n);
				out.flush();
			}
			awaitLink();
		}
		catch (IOException | InterruptedException ex) {
			// a side closed or was reset: the other side goes too, below
		}
		finally {
			abort(from);
			abort(to);
		}
	}

	private void abort(Socket socket) {
		open.remove(socket);
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// not connected: closing is enough
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

	@Override
	public void close() throws IOException {
		closed = true;
		blackhole(false);
		server.close();
		reset();
	}
}
