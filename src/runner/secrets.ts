import { getInput, setSecret } from './core.js';

/**
 * Every secret the run handles (Konnect token, client secret, access token, seal key, a proxy's
 * password) passes through `maskSecret` the moment it exists: the runner then hides it in logs, and
 * `redact` (the one redactor) removes it from any text the action composes, in every encoding a peer
 * could echo it in: raw, URL-encoded, form-encoded, base64, base64url and JSON-escaped.
 */
const knownSecrets = new Set<string>();
/** Every encoded form of every secret, longest first (so a form is removed before a part of it). */
let forms: string[] = [];

/** The lines of a multi-line secret are masked on their own only from this length: shorter ones are ordinary words. */
const MIN_LINE_LENGTH = 4;

export function maskSecret(value: string | undefined): void {
  // A peer can send anything where a secret belongs: only a string can be one (the caller refuses the rest).
  if (typeof value !== 'string' || value === '' || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  setSecret(value);
  // The runner masks line by line: each line of a multi-line secret is masked on its own too.
  for (const line of value.split(/\r\n|\r|\n/)) if (line !== value && line.length >= MIN_LINE_LENGTH) setSecret(line);
  forms = [...new Set([...forms, ...encodedForms(value)])].sort((a, b) => b.length - a.length);
}

/**
 * The inputs that are secrets, masked first thing in every step (main, post, every mode), before
 * anything can print them, a validation error included.
 */
export function maskInputSecrets(): void {
  for (const name of ['konnect-token', 'client-secret', 'seal-key']) maskSecret(getInput(name));
}

/** `text` with every known secret, in every encoded form, replaced by `***`. */
export function redact(text: string): string {
  let result = text;
  for (const form of forms) if (result.includes(form)) result = result.split(form).join('***');
  return result;
}

/** The forms in which a peer can echo `secret` back. */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const base64 = bytes.toString('base64');
  const candidates = [
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (hexEscape) => hexEscape.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2), // form encoding: space as +
    base64,
    base64.replace(/=+$/, ''),
    bytes.toString('base64url'),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/'), // JSON encoders that escape the slash
  ];
  return [...new Set(candidates)].filter((form) => form !== '');
}
