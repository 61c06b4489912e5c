// Which configuration of a plugin applies to a request, by Kong's precedence: the most specific
// scope wins (route and service > route > service > global). Disabled plugins are not loaded at
// all, so a disabled route-level plugin lets a global one apply. Consumer-scoped instances are
// ignored: authentication plugins run before any consumer is known (Kong refuses to scope them
// to a consumer anyway).
import type { Plugin, Route, Service } from '../store.js';

export function applicablePlugin(name: string, plugins: Plugin[], route: Route, service: Service | undefined): Plugin | undefined {
  const ranked = plugins
    .filter((plugin) => plugin.name === name && plugin.enabled && !plugin.consumer && runsOnHttp(plugin))
    .map((plugin) => ({ plugin, rank: scopeRank(plugin, route, service) }))
    .filter((entry): entry is { plugin: Plugin; rank: number } => entry.rank !== undefined)
    .sort((a, b) => b.rank - a.rank || a.plugin.created_at - b.plugin.created_at);
  return ranked[0]?.plugin;
}

/** Higher is more specific; `undefined` when the plugin is scoped to another route or service. */
function scopeRank(plugin: Plugin, route: Route, service: Service | undefined): number | undefined {
  const onRoute = Boolean(plugin.route);
  const onService = Boolean(plugin.service);
  if (onRoute && plugin.route?.id !== route.id) return undefined;
  if (onService && plugin.service?.id !== service?.id) return undefined;
  if (onRoute && onService) return 3;
  if (onRoute) return 2;
  if (onService) return 1;
  return 0;
}

/** The emulated data plane listens on plain HTTP. */
function runsOnHttp(plugin: Plugin): boolean {
  return plugin.protocols.length === 0 || plugin.protocols.includes('http');
}
