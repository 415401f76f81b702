package dev.ecsguardrail.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The tool behind a call, from its user agent and source address. */
class CallerReaderTest {

  @ParameterizedTest(name = "agent [{0}], source [{1}] -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          aws-sdk-java/2.57.8 Linux/6.1                      | cloudformation.amazonaws.com | CloudFormation
          null                                               | console.amazonaws.com        | console
          aws-sdk-java/2.57.8 Linux/6.1                      | 203.0.113.10                 | SDK (Java)
          """)
  void aKnownTool_isFoundInTheSourceAddressToo(String agent, String source, String tool) {
    assertEquals(tool, CallerReader.tool(agent, source));
  }

  @ParameterizedTest(name = "agent [{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          DeployBot/4.2 (linux; amd64)   | DeployBot
          '  spinnaker/1.36 jvm/21'      | spinnaker
          argocd                         | argocd
          """)
  void anUnknownAgent_isNamedByItsFirstProductToken(String agent, String tool) {
    assertEquals(tool, CallerReader.tool(agent, "203.0.113.10"));
  }

  @ParameterizedTest(name = "agent [{0}], source [{1}] -> unknown")
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      textBlock =
          """
          null  | null
          null  | 203.0.113.10
          '   ' | 203.0.113.10
          """)
  void noAgent_andNoToolInTheSource_isUnknown(String agent, String source) {
    assertEquals("unknown", CallerReader.tool(agent, source));
  }
}
