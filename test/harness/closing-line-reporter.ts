// Prints one plain closing line, `tests: N passed, N failed, N skipped`, after vitest's own report,
// so that CI logs (and tools that read them) see the count in a runner-neutral form.
import type { Reporter, TestModule } from 'vitest/node';

export default class ClosingLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count = (state: 'passed' | 'failed' | 'skipped') => testModules.reduce((sum, module) => sum + [...module.children.allTests(state)].length, 0);
    const failedModules = testModules.filter((module) => module.state() === 'failed' && [...module.children.allTests()].length === 0).length;
    console.log(`\ntests: ${count('passed')} passed, ${count('failed') + failedModules} failed, ${count('skipped')} skipped`);
  }
}
