import { neutralise } from './log.js';
import { redact } from './secrets.js';

/**
 * Text for the job summary, which GitHub renders as GFM with HTML: a cell or list item that holds
 * outside text (names, ids, issuer URLs, error messages) must stay text. Secrets are removed, line
 * breaks become visible escapes (a blank line would end the HTML block and let markdown render), and
 * every character that HTML or GFM give meaning to is written as an entity: tags, table pipes,
 * emphasis, code spans, links and images, strikethrough. (A bare URL stays readable: at most an
 * autolink showing the very URL it goes to.)
 */
export function summaryText(text: string): string {
  return neutralise(redact(text)).replace(/[&<>"'|`*[\]~\\]/g, (char) => NAMED[char] ?? `&#${char.codePointAt(0)};`);
}

const NAMED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** What every summary's heading names, after its outcome mark. */
export const SUMMARY_TITLE = 'Kong Identity OIDC';

/** The step's error as a summary shows it, under the heading: the message, then what to do. */
export function failureParagraphs(message: string): string {
  const [what, hint] = message.split(/\nWhat to do: /);
  return `<p><strong>${summaryText(what ?? message)}</strong></p>${hint === undefined ? '' : whatToDo(hint)}`;
}

export function whatToDo(hint: string): string {
  return `<p><strong>What to do:</strong> ${summaryText(hint)}</p>`;
}
