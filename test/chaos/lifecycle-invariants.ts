// The lifecycle campaign's invariants, as pure functions of what executeLifecycle recorded:
//   runs    every run exits within its timeout, 0 or 1 with an error that says what to do, no stack
//           trace; a provisioning that exited 0 has every output;
//   (a)     every provisioning that exited 0 and whose client was not torn down afterwards has a
//           token the gateway accepts once the chaos is over;
//   (b)     nothing the action did not create was deleted or changed (every entity of the org before
//           the first run, the hand-made ones included, byte for byte), and the hand-made plugin
//           still lets the external IdP's token through;
//   (c)     no protected target answers 200 without a token: the partner route never (sampled during
//           the chaos phase, and after it), the clients' target after the chaos phase when it was
//           protected before the schedule or by a provisioning that exited 0 (the chaos phase's
//           teardowns never pass leave-target-open, so a door once closed stays closed);
//   (d)     after every client's teardown has been rerun clean (each exits 0), nothing the action
//           created remains: the org is as it was before the first run;
//   and no secret in any log, summary or state; no response of the emulator that broke the specs.
import type { EmulatorStateDump } from '../emulator/store.js';
import { errorAnnotations } from '../harness/run-action.js';
import { processOutcome, provisioningOutputs, secretsInRuns } from './invariants.js';
import type { GatewayView, LifecycleObservation, LifecycleRunRecord } from './lifecycle-execute.js';

export function checkLifecycleInvariants(observation: LifecycleObservation): string[] {
  return [
    ...observation.runs.flatMap((record) => runProblems(observation, record)),
    ...liveTokensPass(observation),
    ...handmadeIntact(observation),
    ...noOpenDoor(observation),
    ...nothingLeft(observation),
    ...secretsInRuns(
      observation.runs.map((record) => [runName(observation, record), record.result] as const),
      observation.secrets,
    ),
    ...(observation.specViolations > 0
      ? [`the emulator sent ${observation.specViolations} responses that break Kong's specs (GET /_emulator/violations)`]
      : []),
  ];
}

/** `lc-client-2 step 3 (teardown)`, `lc-client-1 setup provisioning`, `lc-client-4 final teardown`. */
export function runName(observation: Pick<LifecycleObservation, 'schedule'>, record: LifecycleRunRecord): string {
  const client = observation.schedule.clients[record.client]?.name ?? `client ${record.client + 1}`;
  if (record.phase === 'setup') return `${client} setup provisioning`;
  if (record.phase === 'final') return `${client} final teardown`;
  return `${client} step ${record.step + 1} (${record.kind}${record.copy > 0 ? ', second copy' : ''})`;
}

/** What every run owes (invariants.ts), and a provisioning's outputs; a final teardown must succeed (d). */
export function runProblems(observation: Pick<LifecycleObservation, 'schedule'>, record: LifecycleRunRecord): string[] {
  if (record.killedByChaos) return [];
  const name = runName(observation, record);
  const problems = processOutcome(name, record.result, record.plan.timeoutSeconds);
  const { exitCode, signal } = record.result;
  if (record.kind === 'provision' && exitCode === 0 && signal === null && !record.plan.dryRun) {
    problems.push(...provisioningOutputs(name, record.result, record.plan.gatewayCheck));
  }
  if (record.phase === 'final' && exitCode !== 0) {
    const error = errorAnnotations(record.result)[0];
    problems.push(`(d) ${name} failed: ${error === undefined ? `exit ${exitCode ?? signal}` : oneLine(error)}`);
  }
  return problems;
}

/** An error annotation on one line, shortened: enough to recognise it in the table. */
export function oneLine(message: string): string {
  const text = message.replace(/\s*\n\s*/g, ' ').trim();
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}

/** Whether a teardown of the record's client ran in the chaos phase after the record's step. */
function tornDownAfterwards(observation: Pick<LifecycleObservation, 'runs'>, record: LifecycleRunRecord): boolean {
  return observation.runs.some((other) => other.phase === 'chaos' && other.kind === 'teardown' && other.client === record.client && other.step > record.step);
}

/** (a) */
export function liveTokensPass(observation: LifecycleObservation): string[] {
  return observation.runs
    .filter(
      (record) =>
        record.phase !== 'final' &&
        record.kind === 'provision' &&
        record.result.exitCode === 0 &&
        !record.plan.dryRun &&
        !tornDownAfterwards(observation, record),
    )
    .filter((record) => record.tokenAtGateway !== 200)
    .map(
      (record) =>
        `(a) ${runName(observation, record)} exited 0 and its client was not torn down afterwards, but the gateway answers its access token with ${record.tokenAtGateway ?? 'nothing (no token)'}`,
    );
}

/** Each entity of a state dump, by kind and id: what people read, and its JSON for a byte-for-byte comparison. */
export function entitiesOf(dump: EmulatorStateDump): Map<string, { label: string; json: string }> {
  const entities = new Map<string, { label: string; json: string }>();
  const add = (kind: string, id: string, label: string, value: unknown) => entities.set(`${kind} ${id}`, { label, json: JSON.stringify(value) });
  for (const controlPlane of dump.controlPlanes) add('control plane', controlPlane.id, `control plane "${controlPlane.name}"`, controlPlane);
  for (const service of dump.services) add('service', service.id, `service "${service.name ?? service.id}"`, service);
  for (const route of dump.routes) add('route', route.id, `route "${route.name ?? route.id}"`, route);
  for (const plugin of dump.plugins) {
    const scope = plugin.route ? 'on a route' : plugin.service ? 'on a service' : plugin.consumer ? 'on a Consumer' : 'global';
    add('plugin', plugin.id, `plugin ${plugin.name} ${scope} (${plugin.id}, tags ${JSON.stringify(plugin.tags ?? [])})`, plugin);
  }
  for (const consumer of dump.consumers) add('consumer', consumer.id, `Consumer "${consumer.username ?? consumer.custom_id}" (${consumer.id})`, consumer);
  for (const server of dump.authServers) {
    const contents = `${server.clients.length} clients, ${server.scopes.length} scopes, ${server.claims.length} claims`;
    add('auth server', server.id, `auth server "${server.name}" (${contents}, labels ${JSON.stringify(server.labels)})`, server);
  }
  return entities;
}

/** The top-level fields whose JSON differs, for a short account of a change. */
function changedFields(before: string, after: string): string {
  const [a, b] = [JSON.parse(before) as Record<string, unknown>, JSON.parse(after) as Record<string, unknown>];
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
  return fields.join(', ');
}

/** (b) */
export function handmadeIntact(observation: LifecycleObservation): string[] {
  const before = entitiesOf(observation.initialState);
  const problems: string[] = [];
  for (const [when, { state, gateway }] of [
    ['after the chaos phase', observation.afterChaos],
    ["after every client's teardown", observation.final],
  ] as const) {
    const now = entitiesOf(state);
    for (const [key, entity] of before) {
      const current = now.get(key);
      if (!current) problems.push(`(b) ${entity.label}, not the action's, was deleted ${when}`);
      else if (current.json !== entity.json)
        problems.push(`(b) ${entity.label}, not the action's, was changed ${when}: ${changedFields(entity.json, current.json)}`);
    }
    if (gateway.partner && gateway.partner.withExternalToken !== 200) {
      problems.push(
        `(b) the hand-made plugin on the partner route answers ${gateway.partner.withExternalToken} to the external IdP's token ${when} (want 200)`,
      );
    }
  }
  return problems;
}

/** (c) */
export function noOpenDoor(observation: LifecycleObservation): string[] {
  const problems: string[] = [];
  const opened = observation.partnerSamples.filter((status) => status === 200).length;
  if (opened > 0) problems.push(`(c) the partner route answered 200 without a token ${opened} times during the chaos phase`);
  const partnerOpen = (view: GatewayView, when: string) =>
    view.partner && view.partner.withoutToken === 200 ? [`(c) the partner route answers 200 without a token ${when}`] : [];
  problems.push(
    ...partnerOpen(observation.afterChaos.gateway, 'after the chaos phase'),
    ...partnerOpen(observation.final.gateway, "after every client's teardown"),
  );
  const protectedBy = observation.protectedBefore
    ? 'before the schedule'
    : observation.runs.some((record) => record.phase !== 'final' && record.kind === 'provision' && record.result.exitCode === 0 && !record.plan.dryRun)
      ? 'by a provisioning that exited 0'
      : undefined;
  if (protectedBy && observation.afterChaos.gateway.withoutToken === 200) {
    const target = observation.schedule.target === 'global' ? 'the control plane (global plugin)' : 'example-service';
    problems.push(`(c) ${target} answers 200 without a token after the chaos phase, though it was protected ${protectedBy}`);
  }
  return problems;
}

/** (d): the final teardowns' exits are runProblems'; here, what is left that was not there before the first run. */
export function nothingLeft(observation: LifecycleObservation): string[] {
  const before = entitiesOf(observation.initialState);
  const left = [...entitiesOf(observation.final.state)].filter(([key]) => !before.has(key)).map(([, entity]) => entity.label);
  return left.length === 0 ? [] : [`(d) after every client's teardown was rerun clean, the action's resources remain: ${left.join('; ')}`];
}
