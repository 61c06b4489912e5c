import { createHash } from 'node:crypto';
import * as log from '../runner/log.js';
import { ActionError, inStep } from '../errors/errors.js';
import { konnectRefusal } from '../konnect/errors.js';
import { consumersApi, type Consumer, type ConsumerBody, type ConsumersApi } from '../konnect/consumers.js';
import { planFields, type Plan, type Reconciled } from './diff.js';
import { creationTags, ownerByTags, type RunOrigin } from './ownership.js';
import { teardownItem } from './description.js';
import { define } from './registry.js';

/**
 * create-consumer: one Consumer per client, so that Consumer-scoped plugins (rate limiting, ACLs)
 * apply per client. It belongs to its client: `custom_id` is the client id (what the plugin maps
 * tokens by), and its id is derived from the control plane and the client id, so concurrent first
 * runs write the same Consumer whatever status Konnect gives a duplicate. It is found by that id or
 * by the `custom_id` filter, never by a name in a URL path. `username` is what people read: the
 * client name made safe for Kong's rules, with the client id (unique per control plane, so two
 * clients of one name on two auth servers never share one). A Consumer of our client that is not
 * ours (made by hand) is used as it is, and never changed or deleted.
 */

/** Kong's Consumer keys (koko's rule): letters, digits and `.-_~`, at most 128 characters. */
const USERNAME_NAME_LENGTH = 90;

export function consumerUsername(client: { id: string; name: string }): string {
  const safe = client.name
    .normalize('NFKD')
    .replace(/[^0-9a-zA-Z.\-_~]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, USERNAME_NAME_LENGTH);
  return `${safe || 'client'}-${client.id}`;
}

/** The Consumer's id: a UUID (version 8, RFC 9562) from a SHA-256 of the control plane and the client id. */
export function consumerId(controlPlaneId: string, clientId: string): string {
  const bytes = createHash('sha256').update(`kong-identity-oidc-action:consumer:${controlPlaneId}:${clientId}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function desiredConsumer(client: { id: string; name: string }, origin: RunOrigin): ConsumerBody {
  return { username: consumerUsername(client), custom_id: client.id, tags: creationTags(origin) };
}

/** Ours: username and custom_id converge (tags are set at creation only). Not ours: left as it is. */
export function planConsumer(desired: ConsumerBody, existing: Consumer | undefined, origin: RunOrigin): Plan {
  if (existing === undefined) return planFields({ ...desired }, undefined);
  if (!ownerByTags(existing.tags, origin).ours) return { action: 'unchanged', changes: [] };
  const { tags: _tags, ...fields } = desired;
  return planFields(fields, existing as unknown as Record<string, unknown>);
}

/** The Consumer of this client: by the id the action derives, else by custom_id (one made by hand, or by v1). */
export async function findConsumerOf(api: ConsumersApi, controlPlaneId: string, clientId: string): Promise<Consumer | undefined> {
  return inStep(`look up the Consumer of client ${clientId}`, async () => {
    const derived = await api.getById(consumerId(controlPlaneId, clientId));
    if (derived !== undefined && derived.custom_id === clientId) return derived;
    return (await api.listByCustomId(clientId))[0];
  });
}

export const consumer = define({
  key: 'consumer',
  phase: 'plugin',
  row: 'consumer',
  find: {
    needs: ['controlPlane', 'client'],
    // A teardown looks whatever its inputs say: the client's Consumer goes with the client.
    run: async (ctx, { controlPlane, client }) =>
      (ctx.config.createConsumer || ctx.config.mode === 'teardown') && client !== undefined
        ? findConsumerOf(consumersApi(ctx.konnect, controlPlane.id), controlPlane.id, client.id)
        : undefined,
  },
  apply: {
    needs: ['controlPlane', 'client'],
    run: async (ctx, found, { controlPlane, client }): Promise<Reconciled<Consumer> | undefined> => {
      if (!ctx.config.createConsumer) return undefined;
      const api = consumersApi(ctx.konnect, controlPlane.id);
      const desired = desiredConsumer(client.resource, ctx.origin);
      // A new client has no Consumer yet; the one found belongs to the client found, which is this one.
      const existing = found.client?.id === client.resource.id ? found.consumer : undefined;
      const plan = planConsumer(desired, existing, ctx.origin);
      if (existing !== undefined && plan.action === 'unchanged') return { plan, resource: existing, created: false };
      const id = existing?.id ?? consumerId(controlPlane.id, client.resource.id);
      const body: ConsumerBody = existing === undefined ? desired : { ...desired, tags: existing.tags ?? [] };
      const what = `Consumer of client "${client.resource.name}"`;
      try {
        const resource = await inStep(`${existing ? 'update' : 'create'} the ${what}`, () => api.put(id, body));
        return { plan, resource, created: existing === undefined };
      } catch (error) {
        // A duplicate username or custom_id: Konnect answers 400 (data constraint error), the Admin API 409.
        if (existing !== undefined || konnectRefusal(error, 400, 409) === undefined) throw error;
        const mapped = (await inStep(`look up the ${what}`, () => api.listByCustomId(client.resource.id)))[0];
        if (mapped !== undefined) {
          log.info(`Another run created the ${what} first; using it.`);
          return { plan: { action: 'unchanged', changes: [] }, resource: mapped, created: false };
        }
        throw new ActionError(
          `Konnect refused the ${what}: a Consumer named "${desired.username}" exists for another client (${error instanceof Error ? error.message : String(error)}).`,
          {
            hint: 'Rename or delete that Consumer in Konnect, or leave create-consumer off.',
          },
        );
      }
    },
  },
  plan: (ctx, found) =>
    ctx.config.createConsumer
      ? [
          {
            kind: 'consumer',
            name: ctx.config.client.name,
            ...planConsumer(
              desiredConsumer({ id: found.client?.id ?? '(id of the new client)', name: ctx.config.client.name }, ctx.origin),
              found.consumer,
              ctx.origin,
            ),
            ...(found.consumer ? { id: found.consumer.id } : {}),
          },
        ]
      : [],
  teardown: {
    stage: 'client',
    decide: (ctx, { found, clientGoes }) => {
      const existing = found.consumer;
      const name = ctx.config.client.name;
      const parents = { controlPlaneId: found.controlPlane.id };
      if (existing === undefined) return ctx.config.createConsumer ? [teardownItem('consumer', name, 'absent')] : [];
      const at = { id: existing.id, parents };
      if (!clientGoes) return [teardownItem('consumer', name, 'keep', { ...at, reason: `its client "${name}" is kept` })];
      const owner = ownerByTags(existing.tags, ctx.origin);
      if (!owner.ours && !ctx.config.force) return [teardownItem('consumer', name, 'keep', { ...at, reason: `it is ${owner.owner} (force: true deletes it)` })];
      return [teardownItem('consumer', name, 'delete', at)];
    },
    remove: async (ctx, { found }, item) => {
      const id = item.id as string;
      await inStep(`delete the Consumer of client "${item.name}"`, () => consumersApi(ctx.konnect, found.controlPlane.id).delete(id));
      return item;
    },
  },
});
