import * as z from 'zod/mini';
import { ActionError, inStep } from '../errors/errors.js';
import type { KonnectClient } from './client.js';
import { listPlatformPages } from './pages.js';

/** Control planes v2 (control-planes-v2.yaml): the action reads a control plane's id and name. */

const controlPlaneSchema = z.object({ id: z.string().check(z.minLength(1)), name: z.string() });
export type ControlPlane = z.infer<typeof controlPlaneSchema>;

export function controlPlanesApi(konnect: KonnectClient) {
  return {
    findByName: (name: string): Promise<ControlPlane[]> =>
      // `eq`, not the how-to's `contains`, which matches "quickstart" and "quickstart-2" alike.
      listPlatformPages(konnect, '/v2/control-planes', controlPlaneSchema, { 'filter[name][eq]': name, 'page[size]': 10 }, (cp) => cp.name === name),
    /** A few control planes of the region, for a message that names what exists (one page, no more). */
    someNames: async (): Promise<string[]> =>
      (await konnect.get('/v2/control-planes', z.object({ data: z.array(controlPlaneSchema) }), { 'page[size]': SUGGESTIONS })).data.map((cp) => cp.name),
  };
}

export type ControlPlanesApi = ReturnType<typeof controlPlanesApi>;

const SUGGESTIONS = 5;

/**
 * The one control plane named `name`; zero or several is an error that says what to do. `where`
 * names the region or API for the message.
 */
export async function findControlPlane(api: ControlPlanesApi, name: string, where: string): Promise<ControlPlane> {
  return inStep(`find control plane "${name}"`, () => onlyMatch(api, name, where));
}

async function onlyMatch(api: ControlPlanesApi, name: string, where: string): Promise<ControlPlane> {
  const matches = await api.findByName(name);
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length === 0) {
    // What exists, a few at most: the likely meant one is often among them. Its failure only costs the list.
    const existing = await api.someNames().catch(() => undefined);
    const known =
      existing === undefined
        ? ''
        : existing.length === 0
          ? ' It has no control plane at all.'
          : ` Control planes there include ${existing.map((cp) => `"${cp}"`).join(', ')}.`;
    throw new ActionError(`No control plane is named "${name}" in ${where}.${known}`, {
      hint: 'Check control-plane-name (exact, case-sensitive) and region / api-url.',
    });
  }
  throw new ActionError(`${matches.length} control planes are named "${name}" (ids ${matches.map((cp) => cp.id).join(', ')}).`, {
    hint: 'control-plane-name must identify one control plane: rename all but one of them in Konnect, then run again.',
  });
}
