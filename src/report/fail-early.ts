import { ConfigError } from '../errors/errors.js';
import { describeFailure } from '../errors/describe.js';
import { failureParagraphs, SUMMARY_TITLE, summaryText, whatToDo } from '../runner/summary.js';
import { setFailed } from '../runner/log.js';
import { appendSummary } from '../workflow-commands.js';

/**
 * Fails a step that stopped outside the provisioning pipeline: on its inputs, before any request,
 * or in mode token or unseal. The job summary opens with the failure and what to do, and lists every
 * input problem. Written without @actions/core, which the fail-fast path does not load.
 */
export function failEarly(error: unknown, context: { timeoutSeconds?: number } = {}): void {
  const message = describeFailure(error, context);
  const problems = error instanceof ConfigError ? error.problems : undefined;
  if (problems === undefined) {
    appendSummary(`<h3>${summaryText(`❌ ${SUMMARY_TITLE}: failed`)}</h3>\n${failureParagraphs(message)}`);
  } else {
    const plural = problems.length === 1 ? '' : 's';
    appendSummary(
      [
        `<h3>${summaryText(`❌ ${SUMMARY_TITLE}: failed (invalid input${plural})`)}</h3>`,
        `<p>${summaryText(`${problems.length} input problem${plural}; nothing was changed:`)}</p>`,
        `<ul>${problems.map((problem) => `<li>${summaryText(problem)}</li>`).join('')}</ul>`,
        ...(error instanceof ConfigError && error.hint ? [whatToDo(error.hint)] : []),
      ].join('\n'),
    );
  }
  setFailed(message);
}
