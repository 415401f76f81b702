package dev.ecsguardrail.cost;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every price the product prints can be traced to the page it was read from, and when. */
class PriceTableSourceTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://aws.amazon.com/fargate/pricing/",
        "https://aws.amazon.com/cloud-map/pricing/",
        "https://aws.amazon.com/route53/pricing/",
        "https://aws.amazon.com/cloudwatch/pricing/"
      })
  void source_namesThePricingPageOfEveryProductItPrices(String part) {
    String source = PriceTable.bundled().source();

    assertTrue(source.contains(part), source);
  }

  @Test
  void source_saysWhenThePricesWereRead() {
    String source = PriceTable.bundled().source();

    assertTrue(source.matches("(?s).*Read \\d{4}-\\d{2}-\\d{2}\\.$"), source);
  }
}
