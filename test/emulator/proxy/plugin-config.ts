// Typed reads of a plugin's `config`, with Kong's defaults. A field left out, stored as null (what
// Konnect returns for unset fields without a default) or an empty array all read as "use the
// default", as Kong's argument reader treats them.
export class PluginConfig {
  constructor(private readonly raw: Record<string, unknown>) {}

  private value(name: string): unknown {
    const value = this.raw[name];
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value) && value.length === 0) return undefined;
    return value;
  }

  /** Whether the field is stored as an explicit null (for fields whose default is not null). */
  isNull(name: string): boolean {
    return this.raw[name] === null;
  }

  /** An array of strings (a lone string counts as one element); `fallback` when unset. */
  strings(name: string, fallback: string[] = []): string[] {
    const value = this.value(name);
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
    return fallback;
  }

  /** Like `strings`, but `undefined` when unset: for fields whose presence switches a check on. */
  optionalStrings(name: string): string[] | undefined {
    return this.value(name) === undefined ? undefined : this.strings(name);
  }

  /** An array of string arrays (claim paths, as `consumer_claims`); `undefined` when unset. */
  paths(name: string): string[][] | undefined {
    const value = this.value(name);
    if (!Array.isArray(value)) return undefined;
    return value.filter(Array.isArray).map((path: unknown[]) => path.filter((item): item is string => typeof item === 'string'));
  }

  string(name: string): string | undefined {
    const value = this.value(name);
    return typeof value === 'string' ? value : undefined;
  }

  number(name: string, fallback: number): number {
    const value = this.value(name);
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.value(name);
    return typeof value === 'boolean' ? value : fallback;
  }
}
