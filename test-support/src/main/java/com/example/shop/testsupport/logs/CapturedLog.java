package com.example.shop.testsupport.logs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * The events one logger writes while a test runs, each with its fields as the structured
 * writer would show them: the line's key-value pairs and the request's MDC.
 */
public final class CapturedLog implements AutoCloseable {

	private final Logger logger;

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private CapturedLog(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Starts capturing a logger's events; {@link #close()} stops.
	 * @param name the logger's name
	 * @return the capture
	 */
	public static CapturedLog of(String name) {
		return new CapturedLog(name);
	}

	/**
	 * The events captured so far.
	 * @return the events, oldest first
	 */
	public List<ILoggingEvent> events() {
		return List.copyOf(this.appender.list);
	}

	/**
	 * The fields of the events captured so far: the MDC's, then the line's key-value
	 * pairs (values as text), and {@code message}.
	 * @return one map per event, oldest first
	 */
	public List<Map<String, String>> fields() {
		return this.appender.list.stream().map(CapturedLog::fields).toList();
	}

	/**
	 * The fields of one event: the MDC's, then the line's key-value pairs (values as
	 * text), and {@code message}.
	 * @param event the event
	 * @return its fields
	 */
	public static Map<String, String> fields(ILoggingEvent event) {
		Map<String, String> fields = new LinkedHashMap<>(event.getMDCPropertyMap());
		if (event.getKeyValuePairs() != null) {
			event.getKeyValuePairs().forEach((pair) -> fields.put(pair.key, String.valueOf(pair.value)));
		}
		fields.put("message", event.getFormattedMessage());
		return fields;
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
	}

}
