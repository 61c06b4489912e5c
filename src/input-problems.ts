import { ConfigError } from './errors.js';
import { describeFailure } from './failure.js';
import { cell, failureParagraphs, SUMMARY_TITLE, whatToDo } from './summary-text.js';
import { appendSummary, setOutput } from './workflow-commands.js';

/**
 * A run stopped by its inputs, before any request: check-status is `skipped`, and the job summary
 * lists every input problem and what to do. Written without @actions/core, which this fail-fast
 * path does not load.
 */
export function reportInputProblems(error: unknown): void {
  setOutput('check-status', 'skipped');
  const problems = error instanceof ConfigError ? error.problems : undefined;
  if (problems === undefined) {
    appendSummary(`<h3>${cell(`❌ ${SUMMARY_TITLE}: failed`)}</h3>\n${failureParagraphs(describeFailure(error))}`);
    return;
  }
  const plural = problems.length === 1 ? '' : 's';
  appendSummary(
    [
      `<h3>${cell(`❌ ${SUMMARY_TITLE}: failed (invalid input${plural})`)}</h3>`,
      `<p>${cell(`${problems.length} input problem${plural}; nothing was changed:`)}</p>`,
      `<ul>${problems.map((problem) => `<li>${cell(problem)}</li>`).join('')}</ul>`,
      ...(error instanceof ConfigError && error.hint ? [whatToDo(error.hint)] : []),
    ].join('\n'),
  );
}
