import { en } from 'zod/locales';
import * as z from 'zod/mini';

/**
 * A response body read as JSON and checked against the schema of the fields the action uses, where
 * it enters: a peer's wrong answer becomes one clear problem naming the field, never a crash further
 * in. Fields the schema does not name are allowed (Konnect adds fields), and dropped unless the
 * schema keeps them.
 */
export type CheckedBody<T> = { ok: true; value: T } | { ok: false; problem: string };

// Zod Mini loads no locale (every message would be "Invalid input"): the problems below are built
// from zod's English messages. Only this locale is imported, so the bundle carries no other.
z.config(en());
// Each schema checks a few bodies per run: compiling zod's fast path (new Function) would cost more than it saves.
z.config({ jitless: true });

export function checkJsonBody<S extends z.core.$ZodType>(text: string, schema: S): CheckedBody<z.output<S>> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
  const parsed = z.safeParse(schema, json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: `has the wrong shape: ${describeIssues(parsed.error.issues)}` };
}

const SHOWN_ISSUES = 3;

/** `data[0].issuer: expected string, received number`; zod's messages name types and the action's own options, never the peer's values. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, SHOWN_ISSUES).map((issue) => `${fieldPath(issue.path) || 'the body'}: ${plainMessage(issue.message)}`);
  const more = issues.length > SHOWN_ISSUES ? ` (and ${issues.length - SHOWN_ISSUES} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/** `data[0].config["a b"]`: keys that come from the peer (record keys) are quoted and cut short. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = String(key);
      if (/^[A-Za-z_][\w-]{0,63}$/.test(name)) return index === 0 ? name : `.${name}`;
      return `[${JSON.stringify(name.slice(0, 40))}]`;
    })
    .join('');
}

/** zod 4 prefixes "Invalid input: "; what follows says it. A field that is not there is "missing". */
function plainMessage(message: string): string {
  const text = message.replace(/^Invalid input: /, '');
  const absent = /^expected (.+), received undefined$/.exec(text);
  return absent ? `missing (expected ${absent[1]})` : text;
}

/** Text from a peer (an error's detail, a reason) as a message shows it: cut short, so no answer floods the log. */
export function clip(text: string, max = 300): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
