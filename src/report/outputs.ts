import * as core from '../runner/core.js';
import type { Config } from '../inputs/config.js';
import type { EngineRecord } from '../engine/engine.js';
import type { CheckStatus } from './rows.js';

/** Output name to value; what a failed run did not reach stays unset, but check-status is always set. */
export function outputsOf(config: Config, record: EngineRecord, checkStatus: CheckStatus): Record<string, string | undefined> {
  const { applied } = record;
  const scopes = applied.scopes;
  return {
    'control-plane-id': applied.controlPlane?.id,
    'auth-server-id': applied.authServer?.resource.id,
    'issuer-url': applied.authServer?.resource.issuer,
    'scope-ids': scopes ? JSON.stringify(Object.fromEntries(scopes.map((scope) => [scope.resource.name, scope.resource.id]))) : undefined,
    'client-id': applied.client?.resource.id,
    // A client created by a run that then failed still gets its one-time secret handed out.
    'client-secret': applied.credentials?.secret ?? applied.client?.creationSecret,
    'access-token': applied.token ? applied.credentials?.token.value : undefined,
    'token-expires-at': applied.token?.expiresAt.toISOString(),
    'plugin-id': applied.plugin?.resource.id,
    'consumer-id': config.createConsumer ? applied.consumer?.resource.id : undefined,
    'check-status': checkStatus,
  };
}

export function setOutputs(outputs: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(outputs)) {
    if (value !== undefined) core.setOutput(name, value);
  }
}
