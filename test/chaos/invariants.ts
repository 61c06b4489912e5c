// The invariants checked after every schedule, as pure functions of what executeSchedule recorded.
// Each returns the violations it finds, as sentences that say what broke and where.
import { errorAnnotations, loggedLines, type ActionRun } from '../harness/run-action.js';
import { isBudgeted } from './baseline.js';
import { CLAIMS, CLIENT_NAME, AUTH_SERVER_NAME, HANG_GRACE_MS, SCOPES, type LoggedExchange, type Observation } from './execute.js';

/** A Node.js stack frame: `    at fn (file:line:col)` or `    at file:line:col`. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

/**
 * Slack when comparing a retry's arrival with a Retry-After deadline counted from when the 429 was
 * handed to the socket (which the client cannot read earlier): both are whole milliseconds.
 */
const RETRY_AFTER_SLACK_MS = 2;

/** `yardsticks`: per run, the requests of a fault-free run of its inputs (baseline.ts). */
export function checkInvariants(observation: Observation, yardsticks: readonly number[]): string[] {
  return [
    ...observation.runs.flatMap((_, i) => runOutcome(observation, i)),
    ...cleanRerun(observation),
    ...noSecretLeaks(observation),
    ...noRetryStorm(observation, yardsticks),
    ...retryAfterHonoured(observation),
    ...(observation.specViolations > 0
      ? [`the emulator sent ${observation.specViolations} responses that break Kong's specs (GET /_emulator/violations)`]
      : []),
  ];
}

const REQUIRED_OUTPUTS = ['auth-server-id', 'issuer-url', 'scope-ids', 'client-id', 'client-secret', 'access-token', 'token-expires-at', 'plugin-id'];

/** Exit 0 with working outputs, or 1 with an `::error::` that says what failed and what to do; never a stack trace or a hang. */
export function runOutcome(observation: Observation, i: number): string[] {
  const record = observation.runs[i];
  if (!record || record.killedByChaos) return [];
  const { plan, result } = record;
  const name = `run ${i + 1}`;
  const problems = processOutcome(name, result, plan.timeoutSeconds);
  if (result.exitCode === 0 && result.signal === null && !plan.dryRun) {
    problems.push(...provisioningOutputs(name, result, plan.gatewayCheck));
    const atGateway = observation.runTokensAtGateway[i];
    if (result.outputs['access-token'] && atGateway !== 200) problems.push(`${name} exited 0, but the gateway answers its access token with ${atGateway}`);
  }
  return problems;
}

/**
 * What every run owes, whatever its mode: an exit within its timeout (and the grace), 0 without an
 * error annotation or 1 with one that says what to do, and never a stack trace. A hang is reported alone.
 */
export function processOutcome(name: string, result: ActionRun, timeoutSeconds: number): string[] {
  const limitMs = timeoutSeconds * 1000 + HANG_GRACE_MS;
  if (result.signal !== null || result.durationMs >= limitMs) {
    return [`${name} hung: no exit after ${Math.round(result.durationMs / 1000)} s, with timeout ${timeoutSeconds} s (killed)`];
  }
  const problems: string[] = [];
  const output = `${result.stdout}\n${result.stderr}`;
  if (STACK_FRAME.test(output)) problems.push(`${name} printed a stack trace: ${firstLineMatching(output, STACK_FRAME)}`);
  const errors = errorAnnotations(result);
  if (result.exitCode === 0) {
    if (errors.length > 0) problems.push(`${name} exited 0 with an error annotation: ${errors[0]}`);
  } else if (result.exitCode === 1) {
    if (errors.length === 0) problems.push(`${name} exited 1 without an ::error:: annotation`);
    else if (!errors.some((message) => /\nWhat to do: \S/.test(message))) problems.push(`${name} failed without saying what to do: ${errors[0]}`);
  } else {
    problems.push(`${name} exited with code ${result.exitCode}`);
  }
  return problems;
}

/** A provisioning run (not a dry run) that exited 0 has every output, and check-status says whether the check ran. */
export function provisioningOutputs(name: string, result: ActionRun, gatewayCheck: boolean): string[] {
  const problems: string[] = [];
  const missing = REQUIRED_OUTPUTS.filter((output) => !result.outputs[output]);
  if (missing.length > 0) problems.push(`${name} exited 0 without the outputs ${missing.join(', ')}`);
  const expected = gatewayCheck ? 'passed' : 'skipped';
  if (result.outputs['check-status'] !== expected)
    problems.push(`${name} exited 0 with check-status "${result.outputs['check-status']}", expected "${expected}"`);
  return problems;
}

/** After the clean rerun: exit 0, one of each resource, at most 2 active secrets, a secret that mints, a token the gateway takes. */
export function cleanRerun(observation: Observation): string[] {
  const { rerun, stateAfterRerun: state, schedule } = observation;
  if (rerun.exitCode !== 0) {
    const error = errorAnnotations(rerun)[0] ?? `exit ${rerun.exitCode}${rerun.signal ? ` (${rerun.signal})` : ''}`;
    return [`the clean rerun failed: ${error.split('\n')[0]}`];
  }
  const problems: string[] = [];
  const servers = state.authServers.filter((server) => server.name === AUTH_SERVER_NAME);
  if (servers.length !== 1 || state.authServers.length !== 1)
    problems.push(`${state.authServers.length} auth servers after the clean rerun (${servers.length} named "${AUTH_SERVER_NAME}")`);
  const server = servers[0];
  if (server) {
    const countsOf = (names: string[], items: { name: string }[]) => names.map((name) => items.filter((item) => item.name === name).length);
    const claimNames = CLAIMS.map((claim) => claim.split('=')[0] ?? '');
    if (server.scopes.length !== SCOPES.length || countsOf(SCOPES, server.scopes).some((count) => count !== 1)) {
      problems.push(`scopes after the clean rerun: ${server.scopes.map((scope) => scope.name).join(', ')}`);
    }
    if (server.claims.length !== claimNames.length || countsOf(claimNames, server.claims).some((count) => count !== 1)) {
      problems.push(`claims after the clean rerun: ${server.claims.map((claim) => claim.name).join(', ')}`);
    }
    const clients = server.clients.filter((client) => client.name === CLIENT_NAME);
    if (clients.length !== 1 || server.clients.length !== 1) problems.push(`${server.clients.length} clients after the clean rerun`);
    const active = clients[0]?.secrets.filter((secret) => secret.enabled).length ?? 0;
    if (active < 1 || active > 2) problems.push(`${active} active client secrets after the clean rerun`);
    const plugins = state.plugins.filter((plugin) => plugin.name === 'openid-connect');
    const wantService = schedule.target === 'service';
    if (plugins.length !== 1) {
      problems.push(`${plugins.length} openid-connect plugins after the clean rerun`);
    } else if (plugins[0]?.config['issuer'] !== server.issuer || Boolean(plugins[0]?.service) !== wantService) {
      problems.push(
        `the openid-connect plugin is not the rerun's (issuer ${String(plugins[0]?.config['issuer'])}, service ${JSON.stringify(plugins[0]?.service)})`,
      );
    }
  }
  if (observation.rerunMintStatus !== 200) problems.push(`the clean rerun's client-secret does not mint a token (${observation.rerunMintStatus})`);
  const { withToken, withoutToken } = observation.rerunAtGateway;
  if (withToken !== 200 || withoutToken !== 401) {
    problems.push(`the gateway answers ${withToken} with the clean rerun's token and ${withoutToken} without one (want 200 and 401)`);
  }
  return problems;
}

/** No secret the schedule knows of appears in any run's log, job summary or saved state. */
export function noSecretLeaks(observation: Observation): string[] {
  const runs: [string, ActionRun][] = [
    ...(observation.setup ? [['the setup run', observation.setup] as [string, ActionRun]] : []),
    ...observation.runs.map((run, i): [string, ActionRun] => [`run ${i + 1}`, run.result]),
    ['the clean rerun', observation.rerun],
  ];
  return secretsInRuns(runs, observation.secrets);
}

/**
 * Which of the named runs show a secret (one of `known`, or any run's client-secret or access-token
 * output) in their log, job summary or saved state.
 */
export function secretsInRuns(runs: readonly (readonly [string, ActionRun])[], known: readonly string[]): string[] {
  const secrets = new Set([
    ...known,
    ...runs.flatMap(([, run]) => [run.outputs['client-secret'], run.outputs['access-token']]).filter((value): value is string => !!value && value.length >= 8),
  ]);
  const problems: string[] = [];
  for (const [name, run] of runs) {
    const places: [string, string][] = [
      ['log', loggedLines(run).join('\n')],
      ['job summary', run.summary],
      ['saved state', Object.values(run.state).join('\n')],
    ];
    for (const [place, text] of places) {
      if ([...secrets].some((secret) => text.includes(secret))) problems.push(`a secret appears in the ${place} of ${name}`);
    }
  }
  return problems;
}

/**
 * The runs together sent at most retry-max-attempts times the requests of fault-free runs of the same
 * inputs (summed: the log cannot tell concurrent runs apart).
 */
export function noRetryStorm(observation: Observation, yardsticks: readonly number[]): string[] {
  const sent = observation.chaosLog.filter(({ entry }) => isBudgeted(entry)).length;
  const budget = observation.runs.reduce((sum, run, i) => sum + run.plan.retryMaxAttempts * (yardsticks[i] ?? 0), 0);
  return sent > budget
    ? [`retry storm: the runs sent ${sent} requests, more than ${budget} (retry-max-attempts × a fault-free run's, summed over the runs)`]
    : [];
}

/**
 * After a 429 with Retry-After, the same request (method, path, query and body) is not sent again
 * before that many seconds have passed. Checked when the schedule has one run: identical requests
 * of concurrent runs cannot be told apart in the log, and the action's retry path does not depend on
 * concurrency.
 */
export function retryAfterHonoured(observation: Observation): string[] {
  if (observation.runs.length !== 1) return [];
  const problems: string[] = [];
  const log = observation.chaosLog;
  log.forEach((throttled, i) => {
    const seconds = Number(throttled.exchange.replyHeaders['retry-after']);
    if (throttled.entry.status !== 429 || !(seconds > 0)) return;
    const again = log.slice(i + 1).find((later) => later.entry.start >= throttled.exchange.repliedAt && sameRequest(later, throttled));
    if (!again) return;
    const waited = again.entry.start - throttled.exchange.repliedAt;
    if (waited < seconds * 1000 - RETRY_AFTER_SLACK_MS) {
      problems.push(
        `Retry-After not honoured: ${throttled.entry.method} ${throttled.entry.path} repeated ${waited} ms after a 429 with Retry-After: ${seconds}`,
      );
    }
  });
  return problems;
}

function sameRequest(a: LoggedExchange, b: LoggedExchange): boolean {
  return a.entry.method === b.entry.method && a.exchange.target === b.exchange.target && a.exchange.body.equals(b.exchange.body);
}

function firstLineMatching(text: string, pattern: RegExp): string {
  return (
    text
      .split('\n')
      .find((line) => pattern.test(line))
      ?.trim() ?? ''
  );
}
