import { ActionError } from '../errors/errors.js';
import { neutralise } from '../runner/log.js';

/**
 * Path segments of Konnect URLs. Ids come from Konnect's answers, from the post step's saved state
 * and from inputs: each is checked against the shape Konnect gives it before it goes into a path, so
 * that an id such as `..` cannot turn `DELETE …/secrets/{id}` into a delete of the client. Names
 * never go into a path: they are found by a list's filter (plugins.ts, consumers.ts).
 */

export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** kong-identity-v1.yaml ClientId: `[-_\w]+`, 1 to 36 characters. */
export const CLIENT_ID_PATTERN = /^[-_A-Za-z0-9]{1,36}$/;

export type SegmentKind = 'uuid' | 'client-id';

/** `value` as one encoded path segment, or an ActionError naming `what` when it is not a `kind`. */
export function pathSegment(value: unknown, kind: SegmentKind, what: string): string {
  if (typeof value !== 'string' || !fits(value, kind)) {
    const shown = typeof value === 'string' ? `"${neutralise(value.slice(0, 80))}"` : typeof value;
    throw new ActionError(`The ${what} ${shown} is not ${DESCRIPTION[kind]}; nothing was sent with it.`, {
      hint: 'Konnect (or the saved state of the main step) gave an id of the wrong shape: run again; if it persists, report it with a debug log.',
    });
  }
  return encodeURIComponent(value);
}

const DESCRIPTION: Record<SegmentKind, string> = {
  uuid: 'a UUID',
  'client-id': 'a Kong Identity client id (1 to 36 letters, digits, "-" or "_")',
};

function fits(value: string, kind: SegmentKind): boolean {
  switch (kind) {
    case 'uuid':
      return UUID_PATTERN.test(value);
    case 'client-id':
      return CLIENT_ID_PATTERN.test(value);
  }
}

/** Shorthands for the segments Konnect's paths use. */
export const uuid = (value: unknown, what: string) => pathSegment(value, 'uuid', what);
export const clientId = (value: unknown, what = 'client id') => pathSegment(value, 'client-id', what);
