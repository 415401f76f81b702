package dev.ecsguardrail.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecsguardrail.flow.OrganizationAccounts;
import dev.ecsguardrail.json.StrictJson;
import dev.ecsguardrail.org.OrgReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The organization's active accounts: Organizations ListAccounts, every page (callable from the
 * management account or a delegated administrator).
 */
public final class OrganizationsGateway implements OrganizationAccounts {

  static final String LIST_ACCOUNTS = "AWSOrganizationsV20161128.ListAccounts";

  private final SigV4JsonClient organizations;

  public OrganizationsGateway(SigV4JsonClient organizations) {
    this.organizations = organizations;
  }

  @Override
  @AwsOperation("organizations:ListAccounts")
  public List<OrgReport.Account> active() {
    List<OrgReport.Account> accounts = new ArrayList<>();
    String next = null;
    do {
      ObjectNode request = StrictJson.MAPPER.createObjectNode();
      if (next != null) {
        request.put("NextToken", next);
      }
      JsonNode page = organizations.call(LIST_ACCOUNTS, request);
      for (JsonNode account : page.path("Accounts")) {
        // State replaces Status, retired 2026-09-09 (ListAccounts reference); either says ACTIVE.
        String state = account.path("State").asText(account.path("Status").asText(""));
        if (state.equals("ACTIVE")) {
          accounts.add(
              new OrgReport.Account(account.path("Id").asText(), account.path("Name").asText("")));
        }
      }
      next = page.path("NextToken").isTextual() ? page.path("NextToken").asText() : null;
    } while (next != null);
    return accounts;
  }
}
