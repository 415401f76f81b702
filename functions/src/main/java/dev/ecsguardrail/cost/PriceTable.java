package dev.ecsguardrail.cost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecsguardrail.json.StrictJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The price data file ({@code prices.json} beside this class: per Region, with its source and the
 * date it was read). Every dollar figure the product prints comes from here.
 */
public final class PriceTable {

  private static final PriceTable BUNDLED = load();

  private final JsonNode data;

  private PriceTable(JsonNode data) {
    this.data = data;
  }

  public static PriceTable bundled() {
    return BUNDLED;
  }

  private static PriceTable load() {
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.json")) {
      if (in == null) {
        throw new IllegalStateException("prices.json is missing from the jar");
      }
      return new PriceTable(StrictJson.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("prices.json cannot be read", e);
    }
  }

  public String source() {
    return data.path("source").asText();
  }

  /**
   * Fargate Linux rates for a Region and CPU architecture. A Region without data of its own is
   * priced at the default Region's rates, and the price says so.
   */
  public FargatePrice fargate(String region, boolean arm) {
    String priced = pricedRegion("fargate", region);
    JsonNode rates = data.path("fargate").path(priced).path(arm ? "linux-arm" : "linux-x86");
    return new FargatePrice(
        priced,
        rates.path("vcpuHour").asDouble(),
        rates.path("gbHour").asDouble(),
        data.path("hoursPerMonth").asInt(),
        note(priced, region));
  }

  /** Cloud Map instance and Route 53 hosted-zone rates, priced like {@link #fargate}. */
  public CloudMapPrice cloudMap(String region) {
    String priced = pricedRegion("cloudMap", region);
    String zonePriced = pricedRegion("route53", region);
    return new CloudMapPrice(
        priced,
        data.path("cloudMap").path(priced).path("registeredInstanceMonth").decimalValue(),
        data.path("route53").path(zonePriced).path("hostedZoneMonth").decimalValue(),
        note(priced, region));
  }

  /** CloudWatch alarm rates (the proxy-memory alarms), priced like {@link #fargate}. */
  public AlarmPrice alarms(String region) {
    String priced = pricedRegion("cloudWatch", region);
    JsonNode rates = data.path("cloudWatch").path(priced);
    return new AlarmPrice(
        priced,
        rates.path("alarmMetricMonth").decimalValue(),
        rates.path("freeAlarmMetrics").asInt(),
        note(priced, region));
  }

  /** CloudWatch Logs ingestion (access logs), priced like {@link #fargate}. */
  public LogsPrice logs(String region) {
    String priced = pricedRegion("cloudWatch", region);
    return new LogsPrice(
        priced,
        data.path("cloudWatch").path(priced).path("logsIngestionGb").decimalValue(),
        note(priced, region));
  }

  /** The Region whose rates stand for this one: itself when the file has data for it. */
  private String pricedRegion(String product, String region) {
    return data.path(product).has(region) ? region : data.path("defaultRegion").asText();
  }

  private static String note(String priced, String region) {
    return priced.equals(region) ? "" : " (" + priced + " rates: no price data for " + region + ")";
  }
}
