package com.example.shop.security.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a caller needs for an API operation, as its OpenAPI document states it: the
 * security requirement (the scopes), the {@code x-shop-access} extension and a sentence
 * in the description. It documents the rules and enforces nothing: the URL rules of the
 * service's {@code SecurityConfiguration} and the operation's {@code @PreAuthorize} do.
 * Each service's documentation test calls every operation with tokens that lack each
 * stated requirement, so a rule changed in one place only fails the build.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ApiAccess {

	/**
	 * The scopes the token must carry, all of them.
	 * @return the scope names
	 */
	String[] scopes() default {};

	/**
	 * The realm roles the user must have, all of them.
	 * @return the role names, without {@code ROLE_}
	 */
	String[] roles() default {};

	/**
	 * Whether only the owner of the resource named by the path, or an admin, gets it; any
	 * other caller is answered 404, as for an id that does not exist.
	 * @return whether the ownership rule applies
	 */
	boolean ownerOrAdmin() default false;

	/**
	 * Whether the operation is public: no token is needed or used.
	 * @return whether it is public
	 */
	boolean anonymous() default false;

}
