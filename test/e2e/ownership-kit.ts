// What the ownership tests (issue 20: ownership marks, shared resources, Consumers, teardown under
// concurrency, the post step) share: runs of another repository, teardown inputs, the Konnect writes
// a run made, the gateway's answers on any path, and the annotations a run wrote.
import { expect } from 'vitest';
import type { Emulator } from '../emulator/index.js';
import { gatewayStatus } from '../harness/how-to.js';
import { isKonnectApi, isMutation } from '../harness/request-log.js';
import { type ActionRun, annotationsOf, runAction, type RunOptions } from '../harness/run-action.js';
import { describeRequests } from './convergence-kit.js';

/** The runner's variables of a run in another repository (runAction's default is acme/payments, workflow deploy). */
export const OTHER_REPOSITORY = { GITHUB_REPOSITORY: 'acme-ops/ledger', GITHUB_WORKFLOW: 'ledger-deploy' } as const;

/** One run of the bundle, bounded. */
export const run = (inputs: Record<string, string>, options: RunOptions = {}): Promise<ActionRun> => runAction(inputs, { timeoutMs: 60_000, ...options });

/** The provisioning step's inputs, as the README says to give them to the teardown step. */
export const teardownOf = (inputs: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> => ({
  ...inputs,
  mode: 'teardown',
  ...extra,
});

/** The Konnect API writes in the emulator's request log since its last reset, one per line. */
export const konnectWrites = (emulator: Emulator): string => describeRequests(emulator.requests().filter(isKonnectApi).filter(isMutation));

/** The messages of a run's annotations of one kind (`::warning::`, `::notice::`), unescaped. */
export const annotations = annotationsOf;

/**
 * Polls the gateway until it answers `withToken` to the token (when given) and `withoutToken` without
 * one on `path`: a change takes the propagation delay to reach the data plane.
 */
export async function expectGateway(
  emulator: Emulator,
  expected: { path?: string; token?: string; withToken?: number; withoutToken: number },
  timeout = 5_000,
): Promise<void> {
  const path = expected.path ?? '/anything';
  const answers = async () => ({
    ...(expected.token === undefined ? {} : { withToken: await gatewayStatus(emulator, expected.token, path) }),
    withoutToken: await gatewayStatus(emulator, undefined, path),
  });
  const want = { ...(expected.token === undefined ? {} : { withToken: expected.withToken ?? 200 }), withoutToken: expected.withoutToken };
  await expect.poll(answers, { timeout, interval: 100 }).toEqual(want);
}

/**
 * The gateway's answer without a token on `path`, once the data plane runs the configuration the
 * control plane has now (the emulator's propagation delay, and a little more).
 */
export async function settledAnswerWithoutToken(emulator: Emulator, path = '/anything'): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, emulator.options.propagationMs + 150));
  return gatewayStatus(emulator, undefined, path);
}

/** The entity of `kind` with this id in the emulator's state, as the API returns it (undefined when gone). */
export function entity(emulator: Emulator, kind: 'plugins' | 'consumers' | 'services' | 'routes', id: string): unknown {
  return emulator.store.dump()[kind].find((candidate) => candidate.id === id);
}
