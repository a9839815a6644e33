package com.example.shop.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A drain before the web server's graceful shutdown. First the service stops accepting
 * connections (its listening socket is closed, so a caller's connect is refused at once
 * and its client tries the next address it resolved); then, for a while, it still answers
 * every request on the connections it has, and every answer asks the client to close its
 * connection ({@code Connection: close}), so callers retire their pooled connections to
 * this instance; idle ones retire by the callers' own idle limit, which is shorter than
 * the drain.
 * <p>
 * NOTE: without the drain, a request a caller sends on an idle keep-alive connection just
 * as Tomcat's graceful shutdown begins is refused without an answer (Tomcat takes no new
 * request on an existing connection once paused). Without closing the listening socket
 * first, a new connection made during the shutdown waits in the kernel's queue of the
 * still open socket and is reset when Tomcat stops. Either way the caller sees a failed
 * request although the service was still up.
 */
public final class ConnectionDrain extends OncePerRequestFilter implements SmartLifecycle {

	/** Before the web server's graceful shutdown, which stops at a lower phase. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final Duration drain;

	private final Runnable stopAccepting;

	private volatile boolean draining;

	private volatile boolean running;

	/**
	 * A drain of the given length that first runs {@code stopAccepting}, which closes the
	 * web server's listening sockets.
	 */
	public ConnectionDrain(Duration drain, Runnable stopAccepting) {
		this.drain = drain;
		this.stopAccepting = stopAccepting;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (this.draining) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
		chain.doFilter(request, response);
		// A request that began before the drain and ends in it: its connection goes
		// too, unless its answer has already been sent.
		if (this.draining && !response.isCommitted()) {
			response.setHeader(HttpHeaders.CONNECTION, "close");
		}
	}

	@Override
	public void start() {
		this.draining = false;
		this.running = true;
	}

	@Override
	public void stop() {
		this.draining = true;
		this.stopAccepting.run();
		try {
			Thread.sleep(this.drain);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	boolean isDraining() {
		return this.draining;
	}

}
