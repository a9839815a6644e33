package com.example.shop.security;

import java.util.function.Supplier;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

/**
 * The listening sockets of the application's Tomcat, closed by {@link #close()} while the
 * connections already made are still served.
 * <p>
 * NOTE: Tomcat can close a listening socket before it stops
 * ({@code closeServerSocketGraceful}) only if the socket was bound when the connector
 * started, which Spring Boot's Tomcat does ({@code bindOnInit=false}) unless told
 * otherwise; if it is still open afterwards, this says so in the log.
 */
final class TomcatListeners {

	private static final Log logger = LogFactory.getLog(TomcatListeners.class);

	private final Supplier<WebServer> server;

	/** The listeners of the web server {@code server} gives once it runs. */
	TomcatListeners(Supplier<WebServer> server) {
		this.server = server;
	}

	/**
	 * The listeners of the context's own web server (a management server has its own).
	 */
	static TomcatListeners of(ApplicationContext context) {
		return new TomcatListeners(
				() -> (context instanceof WebServerApplicationContext web) ? web.getWebServer() : null);
	}

	/** Closes the listening sockets; requests on the connections already made go on. */
	void close() {
		if (!(this.server.get() instanceof TomcatWebServer tomcat)) {
			return;
		}
		for (Connector connector : tomcat.getTomcat().getService().findConnectors()) {
			int port = connector.getLocalPort();
			connector.getProtocolHandler().closeServerSocketGraceful();
			if (connector.getLocalPort() == -1) {
				logger.info("Stopped accepting connections on port " + port);
			}
			else {
				logger.warn("Still accepting connections on port " + port + ": its socket was bound on init");
			}
		}
	}

}
