package com.example.shop.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.method.HandleAuthorizationDenied;

/**
 * The ownership rule of the platform: an admin, or the owner of the resource the method's
 * {@code id} parameter names, as the named bean's {@code isOwner(id, sub)} decides. Any
 * other caller gets 404, the answer for an id that does not exist, so that ids of other
 * users' resources leak nothing. Built on Spring Security's annotation templates (the
 * {@code {owners}} placeholder), which the shared auto-configuration turns on.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PreAuthorize("hasRole('ADMIN') or @{owners}.isOwner(#id, authentication.name)")
@HandleAuthorizationDenied(handlerClass = NotFoundWhenDenied.class)
public @interface OwnerOrAdmin {

	/**
	 * The bean that knows the owners, with a method {@code boolean isOwner(id, sub)}.
	 * @return the bean's name
	 */
	String owners();

}
