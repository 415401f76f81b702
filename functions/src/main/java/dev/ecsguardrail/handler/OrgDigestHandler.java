package dev.ecsguardrail.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.aws.AwsClients;
import dev.ecsguardrail.aws.OrganizationsGateway;
import dev.ecsguardrail.aws.S3WeeklyReports;
import dev.ecsguardrail.aws.SnsTopicGateway;
import dev.ecsguardrail.flow.OrgDigestRun;
import dev.ecsguardrail.flow.OrganizationAccounts;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.org.OrgReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Lambda entry point of the organization stack (org/template.yaml), on its weekly schedule (the
 * input is ignored): one digest from every member account's report of the week.
 */
public final class OrgDigestHandler implements RequestStreamHandler {

  /** S3 reads at once: bounded, so a large organization neither waits nor floods. */
  static final int PARALLEL_READS = 32;

  private final OrgDigestRun run;

  public OrgDigestHandler() {
    this(Production.RUN);
  }

  public OrgDigestHandler(OrgDigestRun run) {
    this.run = run;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    input.readAllBytes();
    OrgDigestRun.Result result = PowertoolsLogging.withLogging(context, run::run);
    OrgReport report = result.report();
    ObjectNode reply = StrictJson.MAPPER.createObjectNode();
    reply.put("week", report.week());
    reply.put("reports", report.totals().reports());
    reply.put("missing", report.missing().size());
    reply.put("damaged", report.damaged().size());
    ArrayNode written = reply.putArray("written");
    result.written().forEach(written::add);
    output.write(StrictJson.MAPPER.writeValueAsBytes(reply));
  }

  /** Built once per execution environment (and captured by the SnapStart snapshot). */
  private static final class Production {
    static final OrgDigestRun RUN = create();

    private static OrgDigestRun create() {
      String region = AwsClients.currentRegion();
      AwsClients clients = AwsClients.forRegion(region);
      return new OrgDigestRun(
          new S3WeeklyReports(
              clients.s3(),
              Environment.required("REPORT_BUCKET", "the members write their reports there"),
              region),
          accounts(clients),
          list(Environment.required("EXPECTED_REGIONS", "say which Regions every account reports")),
          new SnsTopicGateway(
              clients.sns(), Environment.required("TOPIC_ARN", "the digest has nowhere to go")),
          OrgDigestRun.OUTPUTS,
          PARALLEL_READS,
          Clock.systemUTC());
    }

    /** ACCOUNTS ("id=name,..."), where Organizations cannot be asked; else ListAccounts. */
    private static OrganizationAccounts accounts(AwsClients clients) {
      String listed = System.getenv("ACCOUNTS");
      if (listed == null || listed.isBlank()) {
        return new OrganizationsGateway(clients.organizations());
      }
      List<OrgReport.Account> accounts =
          list(listed).stream()
              .map(
                  a -> {
                    String[] idName = a.split("=", 2);
                    return new OrgReport.Account(idName[0], idName.length > 1 ? idName[1] : "");
                  })
              .toList();
      return () -> accounts;
    }

    private static List<String> list(String commaSeparated) {
      return Arrays.stream(commaSeparated.split(","))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toList();
    }
  }
}
