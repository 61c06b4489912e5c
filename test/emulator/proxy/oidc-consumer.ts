// The openid-connect plugin's Consumer mapping: the token's claim at one of the configured claim
// paths names a Consumer of the data plane's configuration, looked up by the `consumer_by` fields
// in order. Kong 3.14+ reads `consumer_claims` (claim paths tried in order, the first present one
// used); 3.13 reads `consumer_claim` (one path). A stored config carries only the field its version
// knows, so reading whichever is set is each version's behaviour.
//
//   no mapping configured                       → no Consumer, the request goes on
//   claim absent, or no Consumer matches it     → 403, unless `consumer_optional`
//   a Consumer matches                          → X-Consumer-ID, -Username, -Custom-ID upstream
import type { JWTPayload } from 'jose';
import type { Consumer } from '../store.js';
import type { PluginConfig } from './plugin-config.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ConsumerMapping = { outcome: 'mapped'; consumer: Consumer } | { outcome: 'none' } | { outcome: 'refused'; reason: string };

export function mapConsumer(payload: JWTPayload, config: PluginConfig, consumers: readonly Consumer[]): ConsumerMapping {
  const paths = config.paths('consumer_claims') ?? wrap(config.optionalStrings('consumer_claim'));
  if (!paths) return { outcome: 'none' };
  const optional = config.boolean('consumer_optional', false);
  const refuse = (reason: string): ConsumerMapping => (optional ? { outcome: 'none' } : { outcome: 'refused', reason });

  const subject = paths.map((path) => claimText(payload, path)).find((value) => value !== undefined);
  if (subject === undefined) return refuse('consumer claim could not be found');
  const ignoreCase = config.boolean('by_username_ignore_case', false);
  // Kong's default order (schema.lua): username first.
  for (const field of config.strings('consumer_by', ['username', 'custom_id'])) {
    const consumer = consumers.find((candidate) => matches(candidate, field, subject, ignoreCase));
    if (consumer) return { outcome: 'mapped', consumer };
  }
  return refuse('kong consumer was not found');
}

function wrap(path: string[] | undefined): string[][] | undefined {
  return path ? [path] : undefined;
}

function matches(consumer: Consumer, field: string, subject: string, ignoreCase: boolean): boolean {
  switch (field) {
    case 'id':
      return UUID.test(subject) && consumer.id === subject.toLowerCase();
    case 'username':
      return ignoreCase ? consumer.username?.toLowerCase() === subject.toLowerCase() : consumer.username === subject;
    case 'custom_id':
      return consumer.custom_id === subject;
    default:
      return false;
  }
}

/** The claim at `path` when it is a string or a number (what Kong can look a Consumer up by). */
function claimText(payload: JWTPayload, path: string[]): string | undefined {
  let value: unknown = payload;
  for (const name of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[name];
  }
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * The headers Kong sets for the upstream about the authenticated Consumer; the ones it has no value
 * for are cleared, and so is a client-sent `X-Anonymous-Consumer` (Kong's `consumers.lua` clears it
 * whether or not a Consumer was mapped: only an `anonymous` fallback sets it, which is not emulated).
 */
export function consumerHeaders(consumer: Consumer | undefined): { set: Record<string, string>; remove: string[] } {
  const values: Record<string, string | null | undefined> = {
    'x-consumer-id': consumer?.id,
    'x-consumer-custom-id': consumer?.custom_id,
    'x-consumer-username': consumer?.username,
  };
  const set: Record<string, string> = {};
  const remove: string[] = ['x-anonymous-consumer'];
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') set[name] = value;
    else remove.push(name);
  }
  return { set, remove };
}
