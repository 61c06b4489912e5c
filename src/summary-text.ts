import { redact } from './secrets.js';

/**
 * Text for the job summary, shared by the run's summary (report.ts) and the fail-fast summary of
 * invalid inputs (input-problems.ts), which loads neither @actions/core nor the pipeline.
 */

/** What every summary's heading names, after its outcome mark. */
export const SUMMARY_TITLE = 'Kong Identity OIDC';

/**
 * Text for a summary cell, list item or heading: secrets removed, HTML escaped, line breaks as
 * <br> (a blank line would end the summary's HTML block, and GitHub would read what follows as
 * Markdown), so that outside text never creates an element.
 */
export function cell(text: string): string {
  return escapeHtml(redact(text)).replace(/\r?\n|\r/g, '<br>');
}

/** The step's error as a summary shows it, under the heading: the message, then what to do. */
export function failureParagraphs(message: string): string {
  const [what, hint] = message.split(/\nWhat to do: /);
  return `<p><strong>${cell(what ?? message)}</strong></p>${hint === undefined ? '' : whatToDo(hint)}`;
}

export function whatToDo(hint: string): string {
  return `<p><strong>What to do:</strong> ${cell(hint)}</p>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char);
}
