package dev.ecsguardrail.flow;

import dev.ecsguardrail.org.OrgReport;
import java.util.List;

/** The accounts that should report each week: the organization's active members. */
public interface OrganizationAccounts {

  List<OrgReport.Account> active();
}
