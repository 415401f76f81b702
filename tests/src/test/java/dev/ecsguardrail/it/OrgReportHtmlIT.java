package dev.ecsguardrail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.json.MalformedEventException;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.notify.OrgReportHtml;
import dev.ecsguardrail.org.MemberReport;
import dev.ecsguardrail.org.OrgDigest;
import dev.ecsguardrail.org.OrgReport;
import dev.ecsguardrail.org.OrgReportJson;
import dev.ecsguardrail.org.WeeklyKey;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * org-report.html in a real browser: Debian's Chromium, headless, renders the page of a generated
 * week (three accounts, one of which sent nothing, one damaged object, two weeks of trend) to a PNG
 * and dumps the DOM it built. The picture must be a picture; every figure the browser shows must be
 * the JSON's. The files stay in {@code tests/target/org-report-html/} for a look.
 */
class OrgReportHtmlIT {

  private static final Path OUT = Project.ROOT.resolve("tests/target/org-report-html");
  private static final int WIDTH = 1280;
  private static final int HEIGHT = 2000;
  private static final String SHOP = "111111111111";
  private static final String PAYMENTS = "222222222222";
  private static final String SEARCH = "333333333333";
  private static final List<String> REGIONS = List.of("eu-west-1", "us-east-1");
  private static final String HOSTILE_NAME = "shop <script>alert('x')</script> & \u202Etxt.exe";
  private static final Pattern FIGURE =
      Pattern.compile("<[a-z]+\\s[^>]*data-figure=\"([^\"]*)\"[^>]*>([^<]*)<");

  @TempDir Path profile;

  /** A member's weekly object as its digest writes it: the sweep's JSON, gzipped. */
  private static byte[] object(
      String account, String region, boolean complete, int orphans, int findings) {
    ObjectNode json = StrictJson.MAPPER.createObjectNode();
    json.put("account", account).put("region", region).put("complete", complete);
    var orphanNodes = json.putArray("orphans");
    double total = 0;
    for (int i = 0; i < orphans; i++) {
      String id = "ns-" + account.substring(0, 3) + region.substring(0, 2) + i;
      double cost = 7.30 * (i + 1) + (account.equals(PAYMENTS) ? 40 : 0);
      total += cost;
      orphanNodes
          .addObject()
          .put("name", "team-" + i + ".internal")
          .put("arn", "arn:aws:servicediscovery:" + region + ":" + account + ":namespace/" + id)
          .put("monthlyCostUsd", cost)
          .putArray("cleanup")
          .add("aws servicediscovery delete-service --id srv-" + id + " --region " + region)
          .add("aws servicediscovery delete-namespace --id " + id + " --region " + region);
    }
    json.put("totalMonthlyCostUsd", Math.round(total * 100) / 100.0);
    json.put("checkedServices", 12);
    var standing = json.putArray("findings");
    for (int i = 0; i < findings; i++) {
      standing
          .addObject()
          .put("ruleId", List.of("SC002", "SC004", "SC001", "SC002").get(i % 4))
          .put("severity", "HIGH")
          .put("resource", "arn:aws:ecs:" + region + ":" + account + ":service/main/api-" + i);
    }
    var exemptions = json.putArray("exemptions");
    if (account.equals(SHOP) && region.equals("eu-west-1")) {
      exemptions
          .addObject()
          .put("resource", "arn:aws:ecs:eu-west-1:" + account + ":service/main/legacy")
          .put("state", "lapsed")
          .put("tag", "guardrail:exempt=SC002 on the service until 2026-11-30");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(StrictJson.MAPPER.writeValueAsBytes(json));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The week's objects read as the aggregator reads them: a damaged one is named, with why. */
  private static OrgReport week(
      String week, Map<String, byte[]> objects, Optional<OrgReport.History> lastWeek) {
    List<MemberReport> reports = new ArrayList<>();
    List<OrgReport.Damaged> damaged = new ArrayList<>();
    objects.forEach(
        (key, bytes) -> {
          try {
            reports.add(MemberReport.read(bytes, WeeklyKey.parse(key).orElseThrow()));
          } catch (MalformedEventException e) {
            damaged.add(new OrgReport.Damaged(key, e.getMessage()));
          }
        });
    return OrgDigest.build(
        week,
        reports,
        damaged,
        List.of(
            new OrgReport.Account(SHOP, HOSTILE_NAME),
            new OrgReport.Account(PAYMENTS, "payments"),
            new OrgReport.Account(SEARCH, "search")),
        REGIONS,
        lastWeek);
  }

  /**
   * Two weeks: last week everyone but search reported; this week payments' us-east-1 is damaged.
   */
  private static OrgReport twoWeeks() {
    Map<String, byte[]> w49 = new LinkedHashMap<>();
    w49.put(WeeklyKey.of("2026-W49", SHOP, "eu-west-1"), object(SHOP, "eu-west-1", true, 3, 5));
    w49.put(WeeklyKey.of("2026-W49", SHOP, "us-east-1"), object(SHOP, "us-east-1", true, 2, 6));
    w49.put(
        WeeklyKey.of("2026-W49", PAYMENTS, "eu-west-1"), object(PAYMENTS, "eu-west-1", true, 2, 3));
    w49.put(
        WeeklyKey.of("2026-W49", PAYMENTS, "us-east-1"), object(PAYMENTS, "us-east-1", true, 1, 2));
    byte[] lastJson =
        OrgReportJson.write(week("2026-W49", w49, Optional.empty()))
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    OrgReport.History history = OrgReportJson.history(lastJson, "weekly/2026-W49/org-report.json");

    Map<String, byte[]> w50 = new LinkedHashMap<>();
    w50.put(WeeklyKey.of("2026-W50", SHOP, "eu-west-1"), object(SHOP, "eu-west-1", true, 2, 4));
    w50.put(WeeklyKey.of("2026-W50", SHOP, "us-east-1"), object(SHOP, "us-east-1", false, 1, 3));
    w50.put(
        WeeklyKey.of("2026-W50", PAYMENTS, "eu-west-1"), object(PAYMENTS, "eu-west-1", true, 2, 2));
    w50.put(
        WeeklyKey.of("2026-W50", PAYMENTS, "us-east-1"),
        "{\"account\": \"222222222222\"".getBytes(StandardCharsets.UTF_8));
    return week("2026-W50", w50, Optional.of(history));
  }

  @Test
  void chromium_rendersThePage_andShowsTheJsonsFigures() throws Exception {
    OrgReport report = twoWeeks();
    assertEquals(2, report.trend().size());
    assertEquals(1, report.damaged().size());
    assertEquals(2, report.missing().size(), "search, in both Regions");
    Files.createDirectories(OUT);
    Path html = OUT.resolve("org-report.html");
    Path png = OUT.resolve("org-report.png");
    Files.deleteIfExists(png);
    String page = OrgReportHtml.write(report);
    Files.writeString(html, page);
    JsonNode json = OrgReportJson.write(report);
    Files.writeString(OUT.resolve("org-report.json"), json.toPrettyString());

    chromium("--screenshot=" + png, "--window-size=" + WIDTH + "," + HEIGHT, html.toUri());
    String dom = chromium("--dump-dom", html.toUri());

    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(WIDTH, image.getWidth());
    assertEquals(HEIGHT, image.getHeight());
    Set<Integer> colors = new HashSet<>();
    long inked = 0;
    long cost = 0;
    long findings = 0;
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        colors.add(rgb);
        inked += isNear(rgb, 0xFFFFFF, 24) || isNear(rgb, 0xF4F6F9, 6) ? 0 : 1;
        cost += isNear(rgb, 0xC2410C, 40) ? 1 : 0;
        findings += isNear(rgb, 0x2563EB, 40) ? 1 : 0;
      }
    }
    assertTrue(colors.size() > 50, colors.size() + " colours: not a page");
    assertTrue(inked > WIDTH * HEIGHT / 50, inked + " pixels with ink: blank");
    assertTrue(cost > 500, cost + " pixels of the cost series: the chart was not drawn");
    assertTrue(findings > 500, findings + " pixels of the findings series");

    Map<String, String> shown = figures(dom);
    assertEquals(figures(page).keySet(), shown.keySet(), "every figure of the page is in its DOM");
    shown.forEach((path, text) -> assertFigure(json, path, text));
    assertTrue(shown.containsKey("totals.monthlyCostUsd"));
    assertTrue(shown.containsKey("lastWeek.findings"));
    assertTrue(shown.containsKey("trend.1.monthlyCostUsd"));
    assertTrue(shown.containsKey("missing.1.region"));
    assertTrue(shown.containsKey("damaged.0.key"));
    assertEquals(2, count(dom, "<circle class=\"cost\" data-week="));
    assertEquals(2, count(dom, "<circle class=\"findings\" data-week="));
    assertFalse(dom.contains("<script"), "the account's name stayed text");
    assertTrue(dom.contains("shop &lt;script&gt;alert('x')&lt;/script&gt; &amp;  txt.exe"), dom);
  }

  /** The browser's output on stdout; fails with its stderr unless it exits 0 within a minute. */
  private String chromium(Object... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Project.tool("CHROMIUM", Path.of("/usr/bin/chromium")).toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(profile, "chromium")));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    Path stdout = Files.createTempFile(profile, "chromium", ".out");
    Path stderr = Files.createTempFile(profile, "chromium", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(command + " still ran after a minute:\n" + Files.readString(stderr));
    }
    assertEquals(0, process.exitValue(), command + " failed:\n" + Files.readString(stderr).strip());
    return Files.readString(stdout);
  }

  /** Numbers as shown (thousands separators, money to the cent), text as is. */
  private static void assertFigure(JsonNode json, String path, String text) {
    JsonNode node = json;
    for (String part : path.split("\\.")) {
      node = node.isArray() ? node.path(Integer.parseInt(part)) : node.path(part);
    }
    assertFalse(node.isMissingNode() || node.isContainerNode(), path + " is not in the JSON");
    if (node.isNumber()) {
      BigDecimal value =
          node.isIntegralNumber()
              ? node.decimalValue()
              : node.decimalValue().setScale(2, RoundingMode.HALF_UP);
      assertEquals(0, value.compareTo(new BigDecimal(text.replace(",", ""))), path + ": " + text);
    } else {
      assertEquals(node.asText(), text, path);
    }
  }

  /** Every element with a data-figure, by path, with its text. */
  private static Map<String, String> figures(String html) {
    Map<String, String> figures = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(html);
    while (m.find()) {
      figures.put(unescape(m.group(1)), unescape(m.group(2)));
    }
    return figures;
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u00A0")
        .replace("&amp;", "&");
  }

  private static boolean isNear(int rgb, int target, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      if (Math.abs(((rgb >> shift) & 0xFF) - ((target >> shift) & 0xFF)) > tolerance) {
        return false;
      }
    }
    return true;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
