package dev.ecsguardrail.policy;

import dev.ecsguardrail.rules.Finding;

/**
 * The policy's decision on one finding.
 *
 * @param reason why: the mode, the tag that exempted, why an enforce finding was only reported
 */
public record Verdict(Finding finding, Outcome outcome, String reason) {}
