import { ActionError, inStep } from '../errors.js';
import type { KonnectClient } from './client.js';

/** Control planes v2 (control-planes-v2.yaml). */

export interface ControlPlane {
  id: string;
  name: string;
  config?: { proxy_urls?: Array<{ host: string; port: number; protocol: string }> };
}

export function controlPlanesApi(konnect: KonnectClient) {
  return {
    findByName: async (name: string): Promise<ControlPlane[]> => {
      // `eq`, not the how-to's `contains`, which matches "quickstart" and "quickstart-2" alike.
      const page = await konnect.get<{ data: ControlPlane[] }>('/v2/control-planes', {
        'filter[name][eq]': name,
        'page[size]': 10,
      });
      return (page.data ?? []).filter((cp) => cp.name === name);
    },
  };
}

export type ControlPlanesApi = ReturnType<typeof controlPlanesApi>;

/** The one control plane named `name`; zero or several is an error that says what to do. */
export async function findControlPlane(api: ControlPlanesApi, name: string): Promise<ControlPlane> {
  return inStep(`find control plane "${name}"`, () => onlyMatch(api, name));
}

async function onlyMatch(api: ControlPlanesApi, name: string): Promise<ControlPlane> {
  const matches = await api.findByName(name);
  const [only] = matches;
  if (matches.length === 1 && only) return only;
  if (matches.length === 0) {
    throw new ActionError(`No control plane is named "${name}" in this region.`, {
      hint: 'Check control-plane-name (exact, case-sensitive) and region / api-url.',
    });
  }
  throw new ActionError(`${matches.length} control planes are named "${name}" (ids ${matches.map((cp) => cp.id).join(', ')}).`, {
    hint: 'control-plane-name must identify one control plane: rename all but one of them in Konnect, then run again.',
  });
}
