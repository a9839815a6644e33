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
 * A drain before the web server's graceful shutdown: for a while, the service still
 * answers every request, and every answer asks the client to close its connection
 * ({@code Connection: close}), so callers retire their pooled connections to this
 * instance; idle ones retire by the callers' own idle limit, which is shorter than the
 * drain. NOTE: without it, a request a caller sends on an idle keep-alive connection just
 * as Tomcat's graceful shutdown begins is refused without an answer (Tomcat takes no new
 * request on an existing connection once paused), and the caller sees a failed request
 * although the service was still up.
 */
public final class ConnectionDrain extends OncePerRequestFilter implements SmartLifecycle {

	/** Before the web server's graceful shutdown, which stops at a lower phase. */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	private final Duration drain;

	private volatile boolean draining;

	private volatile boolean running;

	public ConnectionDrain(Duration drain) {
		this.drain = drain;
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
