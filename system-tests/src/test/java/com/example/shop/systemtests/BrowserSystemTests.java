package com.example.shop.systemtests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real browser (headless Chromium from the distribution, driven by Selenium) at the
 * demo's front door: sent to Keycloak's login page, logged in as alice, back at the
 * gateway, places an order and sees it listed, logs out and is no longer let in. A
 * screenshot of a failing test is kept in {@code target/screenshots}.
 */
class BrowserSystemTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private ChromeDriver browser;

	private WebDriverWait wait;

	private Path profile;

	@RegisterExtension
	final AfterTestExecutionCallback screenshotOnFailure = (context) -> {
		if (context.getExecutionException().isPresent() && this.browser != null) {
			Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
			Path file = screenshots.resolve(context.getRequiredTestMethod().getName() + ".png");
			Files.write(file, this.browser.getScreenshotAs(OutputType.BYTES));
			Files.writeString(screenshots.resolve(context.getRequiredTestMethod().getName() + ".html"),
					this.browser.getPageSource());
			System.err.println("[system-tests] screenshot at " + this.browser.getCurrentUrl() + ": " + file);
		}
	};

	@BeforeEach
	void openBrowser() throws IOException {
		this.profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions()
			.setBinary(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"))
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--no-first-run",
					"--user-data-dir=" + this.profile, "--window-size=1280,900");
		// The console, for the content security policy's reports.
		options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
		// The distribution's driver, named explicitly: no tool downloads a browser or
		// a driver.
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(
					Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
			.build();
		this.browser = new ChromeDriver(service, options);
		this.wait = new WebDriverWait(this.browser, WAIT);
	}

	@AfterEach
	void closeBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		deleteProfile();
	}

	@Test
	void aliceLogsInPlacesAnOrderSeesItListedAndLogsOut() throws Exception {
		this.browser.get(Platform.GATEWAY + "/");

		// Sent to Keycloak's own login page, at its public address.
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
		assertThat(this.browser.getCurrentUrl()).startsWith(Platform.ISSUER + "/protocol/openid-connect/auth");
		logIn("alice", "alice-demo-password");

		// Back at the gateway's front door, as alice.
		this.wait.until(ExpectedConditions.textToBe(By.id("who"), "alice"));
		assertThat(this.browser.getCurrentUrl()).isEqualTo(Platform.GATEWAY + "/");

		this.wait.until((driver) -> new Select(driver.findElement(By.id("sku"))).getOptions().size() >= 4);
		new Select(this.browser.findElement(By.id("sku"))).selectByValue("MUG-001");
		WebElement quantity = this.browser.findElement(By.id("quantity"));
		quantity.clear();
		quantity.sendKeys("2");
		this.browser.findElement(By.id("place-order")).click();

		WebElement result = this.wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#order-result[data-order-id]")));
		assertThat(result.getText()).endsWith("CONFIRMED");
		String orderId = result.getAttribute("data-order-id");
		WebElement row = this.wait.until(ExpectedConditions
			.presenceOfElementLocated(By.cssSelector("#orders tr[data-order-id='" + orderId + "']")));
		assertThat(row.getText()).contains("CONFIRMED").contains("2 x MUG-001").contains("25.00 EUR");

		String session = this.browser.manage().getCookieNamed("SESSION").getValue();
		this.browser.findElement(By.id("logout-button")).click();

		// Logged out of the gateway and of Keycloak: the front door sends the browser to
		// the login form again.
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
		this.browser.get(Platform.GATEWAY + "/");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
		assertThat(this.browser.getCurrentUrl()).startsWith(Platform.ISSUER + "/protocol/openid-connect/auth");
		// The session cookie the browser had is dead on the server too.
		HttpResponse<String> withOldSession = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(Platform.GATEWAY.resolve("/api/orders"))
				.header("Cookie", "SESSION=" + session)
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(withOldSession.statusCode()).isEqualTo(401);
	}

	/**
	 * The API page at the gateway: Swagger UI with both services' documents, and "Try it
	 * out" with the browser's session (the page sends the CSRF token; the gateway sends
	 * the service a token exchanged for the session's). Under the gateway's strict
	 * content security policy: the browser reports no violation.
	 */
	@Test
	void aliceTriesOutTheOrderApiOnTheApiPageWithHerSession() {
		this.browser.get(Platform.GATEWAY + "/api-docs.html");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
		logIn("alice", "alice-demo-password");
		this.wait.until(ExpectedConditions.urlToBe(Platform.GATEWAY + "/api-docs.html"));

		WebElement place = operation("orders", "placeOrder");
		place.findElement(By.cssSelector(".try-out__btn")).click();
		WebElement body = this.wait.until((driver) -> place.findElement(By.cssSelector("textarea.body-param__text")));
		body.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
		body.sendKeys("{\"items\":[{\"sku\":\"MUG-001\",\"quantity\":1}]}");
		place.findElement(By.cssSelector(".execute")).click();
		assertThat(liveStatus(place)).isEqualTo("201");
		Matcher placed = Pattern.compile("\"orderId\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(liveBody(place));
		assertThat(placed.find()).as(liveBody(place)).isTrue();

		WebElement list = operation("orders", "listOrders");
		list.findElement(By.cssSelector(".try-out__btn")).click();
		list.findElement(By.cssSelector(".execute")).click();
		assertThat(liveStatus(list)).isEqualTo("200");
		assertThat(liveBody(list)).contains(placed.group(1));

		// The other service's document is on the same page.
		new Select(this.browser.findElement(By.cssSelector(".topbar select")))
			.selectByVisibleText("Payments (payment-service)");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-payments-listPayments")));

		assertThat(this.browser.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
			.noneMatch((message) -> message.contains("Content Security Policy"));
	}

	@Test
	void wrongPasswordThenStaysAtKeycloakAndTheGatewayLetsNothingIn() {
		this.browser.get(Platform.GATEWAY + "/");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));

		logIn("alice", "not-her-password");

		WebElement error = this.wait
			.until(ExpectedConditions.visibilityOfElementLocated(By.id("input-error-username")));
		assertThat(error.getText()).contains("Invalid username or password");
		assertThat(this.browser.getCurrentUrl()).startsWith("http://localhost:8180/");
		// The gateway's session (made to remember the login attempt) holds no user: its
		// pages still send the browser to the login form.
		this.browser.get(Platform.GATEWAY + "/");
		this.wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kc-form-login")));
		assertThat(this.browser.getCurrentUrl()).startsWith(Platform.ISSUER + "/protocol/openid-connect/auth");
	}

	/**
	 * Opens an operation of the API page.
	 */
	private WebElement operation(String tag, String operationId) {
		WebElement operation = this.wait
			.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-" + tag + "-" + operationId)));
		operation.findElement(By.cssSelector(".opblock-summary-control")).click();
		return operation;
	}

	/**
	 * The status of the answer "Try it out" got, once it is there.
	 */
	private String liveStatus(WebElement operation) {
		return this.wait.until(
				(driver) -> operation.findElements(By.cssSelector(".live-responses-table tbody .response-col_status"))
					.stream()
					.map((cell) -> cell.getText().strip().split("\\s+")[0])
					.filter((text) -> text.matches("[0-9]{3}"))
					.findFirst()
					.orElse(null));
	}

	private String liveBody(WebElement operation) {
		return operation.findElement(By.cssSelector(".live-responses-table tbody .response-col_description")).getText();
	}

	private void logIn(String username, String password) {
		this.browser.findElement(By.id("username")).sendKeys(username);
		this.browser.findElement(By.id("password")).sendKeys(password);
		this.browser.findElement(By.id("kc-login")).click();
	}

	private void deleteProfile() {
		try (var files = Files.walk(this.profile)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
