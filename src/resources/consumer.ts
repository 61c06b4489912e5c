import { ActionError, inStep } from '../errors/errors.js';
import type { Consumer, ConsumerBody, ConsumersApi } from '../konnect/consumers.js';
import { deleteIfPresent } from '../reconcile/delete.js';
import { planFields, type Plan, type Reconciled } from './diff.js';
import { PLUGIN_TAG } from './plugin.js';

/**
 * create-consumer: one Consumer per client, so that Consumer-scoped plugins (rate limiting, ACLs)
 * apply per client. `custom_id` is the client id, which the plugin maps tokens by (the client_id
 * claim, or consumer-claim); `username` is the client name, what people read. Consumers have tags,
 * not labels: the action's tag marks it, as on the plugin.
 */
export interface DesiredConsumer {
  username: string;
  custom_id: string;
  tags: string[];
}

export function desiredConsumer(client: { id: string; name: string }): DesiredConsumer {
  return { username: client.name, custom_id: client.id, tags: [PLUGIN_TAG] };
}

export function isActionConsumer(consumer: Consumer): boolean {
  return (consumer.tags ?? []).includes(PLUGIN_TAG);
}

/** The Consumer named after the client; looked up by username, which needs no client id, so it runs early. */
export async function findConsumer(api: ConsumersApi, clientName: string): Promise<Consumer | undefined> {
  return inStep(`look up Consumer "${clientName}"`, () => api.getByUsername(clientName));
}

/** Compares username and custom_id, and the presence of the action's tag (other tags are kept). */
export function planConsumer(desired: DesiredConsumer, existing: Consumer | undefined): Plan {
  if (existing === undefined) return planFields({ ...desired }, undefined);
  const { tags: _tags, ...fields } = desired;
  const plan = planFields(fields, existing as unknown as Record<string, unknown>);
  if (!isActionConsumer(existing)) {
    plan.changes.push({ field: 'tags', from: existing.tags ?? [], to: [...(existing.tags ?? []), PLUGIN_TAG] });
    plan.action = 'update';
  }
  return plan;
}

/**
 * Creates or converges the Consumer with a PUT by id (a new one gets a fresh id, so a repeated PUT
 * after a lost answer changes nothing). A Consumer of that username that someone else made for
 * another custom_id is theirs: the run fails rather than remap it.
 */
export async function applyConsumer(api: ConsumersApi, client: { id: string; name: string }, existing: Consumer | undefined): Promise<Reconciled<Consumer>> {
  const desired = desiredConsumer(client);
  if (existing !== undefined && !isActionConsumer(existing) && existing.custom_id && existing.custom_id !== client.id) {
    throw new ActionError(`A Consumer named "${client.name}" already exists on the control plane, with another custom_id, and not made by this action.`, {
      hint: 'Rename that Consumer or the client (client-name), or leave create-consumer off and map tokens to it with consumer-claim.',
    });
  }
  const plan = planConsumer(desired, existing);
  if (existing !== undefined && plan.action === 'unchanged') return { plan, resource: existing, created: false };
  const body: ConsumerBody = { ...desired, tags: [...new Set([...(existing?.tags ?? []), ...desired.tags])] };
  const resource = await inStep(`${existing ? 'update' : 'create'} Consumer "${client.name}"`, () => api.put(existing?.id ?? crypto.randomUUID(), body));
  return { plan, resource, created: existing === undefined };
}

/** Teardown: deletes the Consumer (Konnect answers 204 whether or not it still exists). */
export async function deleteConsumer(api: ConsumersApi, consumer: Consumer): Promise<void> {
  await deleteIfPresent(`Consumer "${consumer.username ?? consumer.id}"`, () => api.delete(consumer.id));
}
