package com.example.shop.testsupport.process;

import java.io.IOException;
import java.net.ServerSocket;

/**
 * A free port on this machine, for a process or container that must be told its port
 * before it starts.
 */
public final class LocalPorts {

	private LocalPorts() {
	}

	/**
	 * A port nothing listens on right now.
	 * @return the port
	 */
	public static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
