import * as z from 'zod/mini';
import type { KonnectClient } from './client.js';
import { konnectStatus } from './errors.js';
import { listCoreEntityPages } from './pages.js';
import { uuid } from './paths.js';

/** Consumers of a control plane (control-planes-config-v2.yaml, `core-entities/consumers`). */

const unset = <T extends z.core.$ZodType>(type: T) => z.exactOptional(z.nullable(type));

const consumerSchema = z.object({
  id: z.string().check(z.minLength(1)),
  username: unset(z.string()),
  custom_id: unset(z.string()),
  tags: unset(z.array(z.string())),
  created_at: unset(z.number()),
  updated_at: unset(z.number()),
});
export type Consumer = z.infer<typeof consumerSchema>;

export interface ConsumerBody {
  username: string;
  custom_id: string;
  tags: string[];
}

export function consumersApi(konnect: KonnectClient, controlPlaneId: string) {
  const base = `/v2/control-planes/${uuid(controlPlaneId, 'control plane id')}/core-entities/consumers`;
  return {
    /** The Consumer with this id (one the action derived), or undefined. Never a name in the path. */
    getById: async (id: string): Promise<Consumer | undefined> => {
      try {
        return await konnect.get(`${base}/${uuid(id, 'Consumer id')}`, consumerSchema);
      } catch (error) {
        if (konnectStatus(error) === 404) return undefined;
        throw error;
      }
    },
    /** The Consumers whose custom_id is this (the list's documented `custom_id` filter; unique per control plane). */
    listByCustomId: (customId: string): Promise<Consumer[]> =>
      listCoreEntityPages(konnect, base, consumerSchema, { custom_id: customId, size: 10 }, (consumer) => consumer.custom_id === customId),
    /** Creates or replaces the Consumer with this id (200 either way); safe to repeat. */
    put: (id: string, body: ConsumerBody) => konnect.put(`${base}/${uuid(id, 'Consumer id')}`, body, consumerSchema),
    /** Konnect answers 204 whether or not it still exists. */
    delete: (id: string) => konnect.delete(`${base}/${uuid(id, 'Consumer id')}`),
  };
}

export type ConsumersApi = ReturnType<typeof consumersApi>;
