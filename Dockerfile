# The platform's images: target "service" for api-gateway, order-service and payment-service
# (build argument MODULE), target "dev-pki" for the compose start-up step that issues the
# certificates. docker compose builds them from sources; no prior `mvn package` is needed.
#
# Base images are build arguments (official Temurin images by default), so an air-gapped
# network builds from its own (offline/images.env).
ARG JAVA_BUILD_IMAGE=eclipse-temurin:21-jdk
ARG JAVA_RUNTIME_IMAGE=eclipse-temurin:21-jre

FROM ${JAVA_BUILD_IMAGE} AS build
WORKDIR /workspace
# Maven and the dependencies first, from the poms alone: this layer is reused by every
# build until a pom changes, so a source change downloads nothing again.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY dev-pki/pom.xml dev-pki/
COPY test-support/pom.xml test-support/
COPY auth-server/pom.xml auth-server/
COPY service-security/pom.xml service-security/
COPY payment-service/pom.xml payment-service/
COPY order-service/pom.xml order-service/
COPY api-gateway/pom.xml api-gateway/
COPY docs/pom.xml docs/
RUN ./mvnw -B -ntp -q dependency:go-offline -DexcludeGroupIds=com.example.shop
COPY . .
RUN ./mvnw -B -ntp -q package -Dmaven.test.skip=true \
	&& cp dev-pki/target/dev-pki-0.1.0-SNAPSHOT-exec.jar /dev-pki.jar \
	&& for module in api-gateway order-service payment-service; do \
		java -Djarmode=tools -jar "$module/target/$module-0.1.0-SNAPSHOT-exec.jar" \
			extract --layers --launcher --destination "/layers/$module"; \
	done

# What every image shares: an unprivileged user, the same uid in every container, so
# that the certificates dev-pki writes (mode 0600) are readable by the service they are for.
FROM ${JAVA_RUNTIME_IMAGE} AS runtime
RUN groupadd --system --gid 10001 shop \
	&& useradd --system --uid 10001 --gid shop --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin shop \
	&& mkdir -p /etc/shop/tls /app \
	&& chown shop:shop /etc/shop/tls
WORKDIR /app
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001

FROM runtime AS dev-pki
USER root
# The volumes compose mounts here take this ownership when first created.
RUN mkdir -p /pki/ca /pki/api-gateway /pki/order-service /pki/payment-service && chown -R shop:shop /pki
USER 10001:10001
# A small command-line tool, not a Spring application: one jar, no layers.
COPY --from=build /dev-pki.jar ./
ENTRYPOINT ["java", "-jar", "/app/dev-pki.jar"]

# One image per service, the same stage with the module as a build argument: docker compose
# passes MODULE=api-gateway, order-service or payment-service.
#   docker build --target service --build-arg MODULE=order-service -t shop/order-service .
FROM runtime AS service
ARG MODULE
COPY --from=build /layers/${MODULE}/dependencies/ ./
COPY --from=build /layers/${MODULE}/spring-boot-loader/ ./
COPY --from=build /layers/${MODULE}/snapshot-dependencies/ ./
COPY --from=build /layers/${MODULE}/application/ ./
# api-gateway: 8080; the services: 8443 (mutual TLS); all: management on 9090.
EXPOSE 8080 8443 9090
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
