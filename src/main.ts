import { setImmediate } from 'node:timers/promises';
import { parseConfig, type Config } from './inputs/config.js';
import { describeFailure } from './errors/describe.js';
import { failEarly } from './report/fail-early.js';
import { parseMode, warnAboutIgnoredInputs } from './inputs/modes.js';
import { PHASES } from './phases.js';
import type { RunValues } from './engine/provision.js';
import type { Runtime } from './engine/clients.js';
import { maskInputSecrets } from './runner/secrets.js';
import { PhasedLog, setFailed } from './runner/log.js';
import { getInput, setOutput } from './workflow-commands.js';

/**
 * The main step: inputs, then the provisioning pipeline (or only its plan), then outputs and the
 * job summary. Bad inputs fail before any network call and before the heavy modules load. The
 * modes that only hand out a token (token, unseal) branch off first, to their own short paths.
 */
export async function run(): Promise<void> {
  const started = performance.now();
  maskInputSecrets();

  let config: Config;
  try {
    const mode = parseMode(getInput('mode'));
    warnAboutIgnoredInputs(mode);
    // Awaited here, so that their failures reach the catch below and become the step's error.
    if (mode === 'token') return await (await import('./modes/token.js')).runTokenMode();
    if (mode === 'unseal') return await (await import('./modes/unseal.js')).runUnseal();
    config = parseConfig(getInput, mode);
  } catch (error) {
    setOutput('check-status', 'skipped'); // the check did not run
    failEarly(error);
    return;
  }

  // Before the first requests, only what sends them loads: the HTTP stack (undici) and the two
  // opening lookups. The pipeline, and what reports, seals and verifies, load while they are in flight.
  const [{ createRuntime }, { prefetchOpeningLookups }] = await Promise.all([import('./engine/clients.js'), import('./opening-lookups.js')]);
  const loadReport = () => import('./report/report.js');
  const failed = async (error: unknown, values: RunValues = {}) => {
    // Teardown has no provisioning table to show: its summary is the failure and what to do.
    if (config.mode === 'teardown') return failEarly(error, { timeoutSeconds: config.timeoutSeconds });
    const message = describeFailure(error, { timeoutSeconds: config.timeoutSeconds });
    const report = await loadReport();
    await report.setOutputs({ 'check-status': 'skipped' });
    await report.writeRunSummary(values, config, { durationMs: performance.now() - started, failure: message });
    setFailed(message);
  };
  let runtime: Runtime;
  try {
    runtime = createRuntime(config); // refuses a malformed HTTPS_PROXY / HTTP_PROXY
  } catch (error) {
    await failed(error);
    return;
  }
  try {
    if (config.mode === 'teardown') {
      await (await import('./engine/destroy.js')).runTeardown(config, runtime);
      return;
    }
    if (config.dryRun) {
      const [dryRun, report] = await Promise.all([import('./engine/plan.js'), loadReport()]);
      const log = report.planLog();
      const plan = await log.run('plan', () => dryRun.planChanges(config, runtime));
      await report.reportPlan(plan, log, performance.now() - started);
      return;
    }
    const log = new PhasedLog(PHASES);
    prefetchOpeningLookups(config, runtime, log);
    // The rest loads after a turn of the event loop, in which the opening lookups connect and go out:
    // the pipeline, what reports and seals, what verifies the token (jose, node:crypto), and then
    // @actions/core (outputs, summary); a failure to load shows where it is used.
    await setImmediate();
    const pipeline = await import('./engine/provision.js');
    const stages = pipeline.provision(config, runtime, log);
    const [report, seal] = await Promise.all([loadReport(), import('./seal/seal.js'), import('./oauth/verify.js')]);
    report.actionsCore().catch(() => undefined);
    const [{ values, failure }] = await Promise.all([pipeline.settle(stages, runtime.cancel), report.logPhases(stages, log, config)]);
    if (config.revokeSecretOnExit) await (await import('./post.js')).saveSecretToRevoke(runtime, values);
    await report.setOutputs(await seal.withSealedToken(report.outputsOf(values, config.check !== undefined), config.sealKey));
    const message = failure === undefined ? undefined : describeFailure(failure, { timeoutSeconds: config.timeoutSeconds });
    await report.writeRunSummary(values, config, {
      durationMs: performance.now() - started,
      ...(message === undefined ? {} : { failure: message }),
    });
    if (message !== undefined) setFailed(message);
  } catch (error) {
    await failed(error);
  } finally {
    await runtime.close();
  }
}
