package com.example.shop.testsupport.http;

import java.text.ParseException;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;

/**
 * JSON reading and writing for test support, through the parser Nimbus JOSE already
 * brings.
 */
public final class Json {

	private Json() {
	}

	public static Map<String, Object> object(String json) {
		try {
			return JSONObjectUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Not a JSON object: " + abbreviate(json), ex);
		}
	}

	public static List<Object> array(String json) {
		try {
			return JSONArrayUtils.parse(json);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("Not a JSON array: " + abbreviate(json), ex);
		}
	}

	public static String write(Map<String, ?> object) {
		return JSONObjectUtils.toJSONString(object);
	}

	private static String abbreviate(String text) {
		return (text.length() > 200) ? text.substring(0, 200) + "..." : text;
	}

}
