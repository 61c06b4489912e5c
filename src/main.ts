import { parseConfig, type Config } from './config.js';
import { describeFailure } from './failure.js';
import { parseMode, warnAboutIgnoredInputs } from './modes/mode.js';
import type { Stages } from './pipeline.js';
import type { RunValues } from './report.js';
import { maskSecret } from './secrets.js';
import { getInput, setFailed } from './workflow-commands.js';

/**
 * The main step: inputs, then the provisioning pipeline (or only its plan), then outputs and the
 * job summary. Bad inputs fail before any network call and before the heavy modules load. The
 * modes that only hand out a token (token, unseal) branch off first, to their own short paths.
 */
export async function run(): Promise<void> {
  const started = performance.now();
  // Masked before anything can print them, a validation error included.
  maskSecret(getInput('konnect-token'));
  maskSecret(getInput('client-secret'));
  maskSecret(getInput('seal-key'));

  let config: Config;
  try {
    const mode = parseMode(getInput('mode'));
    warnAboutIgnoredInputs(mode);
    if (mode === 'token') return (await import('./modes/token.js')).runTokenMode();
    if (mode === 'unseal') return (await import('./modes/unseal.js')).runUnseal();
    config = parseConfig(getInput);
  } catch (error) {
    setFailed(describeFailure(error));
    return;
  }

  // @actions/core, undici and jose load only once the inputs are known to be good.
  const [{ createRuntime }, pipeline, dryRun, report, seal] = await Promise.all([
    import('./runtime.js'),
    import('./pipeline.js'),
    import('./dry-run.js'),
    import('./report.js'),
    import('./modes/seal.js'),
  ]);
  let runtime: ReturnType<typeof createRuntime>;
  try {
    runtime = createRuntime(config); // refuses a malformed HTTPS_PROXY / HTTP_PROXY
  } catch (error) {
    setFailed(describeFailure(error));
    return;
  }
  try {
    if (config.dryRun) {
      const plan = await dryRun.planChanges(config, runtime);
      report.logPlan(plan);
      await report.writeSummary(plan, { dryRun: true, check: 'skipped (dry run)' });
      report.setOutputs({ 'check-status': 'skipped' });
      return;
    }
    const stages = pipeline.provision(config, runtime);
    const [{ values, failure }] = await Promise.all([settle(stages, runtime.cancel), report.logPhases(stages)]);
    if (config.revokeSecretOnExit) await (await import('./post.js')).saveSecretToRevoke(runtime, values);
    const checkEnabled = config.check !== undefined;
    report.logCheck(values, checkEnabled);
    report.setOutputs(seal.withSealedToken(report.outputsOf(values, checkEnabled), config.sealKey));
    const message = failure === undefined ? undefined : describeFailure(failure, { timeoutSeconds: config.timeoutSeconds });
    await report.writeSummary(report.resourceRows(values), {
      dryRun: false,
      ...(values.authServer ? { issuer: values.authServer.resource.issuer } : {}),
      ...(values.token ? { tokenExpiresAt: values.token.expiresAt.toISOString() } : {}),
      check: report.describeCheck(values, checkEnabled),
      ...(message === undefined ? {} : { failure: message.split('\n')[0] ?? message }),
      durationMs: performance.now() - started,
    });
    if (message !== undefined) setFailed(message);
  } catch (error) {
    setFailed(describeFailure(error, { timeoutSeconds: config.timeoutSeconds }));
  } finally {
    await runtime.close();
  }
}

/**
 * Waits for every stage. On the first failure the work still in flight is cancelled (it could only
 * be wasted), unless the token already exists: then the gateway check and the retirement of old
 * secrets are left to finish. Returns what completed, and the first failure.
 */
async function settle(stages: Stages, cancel: (reason: unknown) => void): Promise<{ values: RunValues; failure?: unknown }> {
  let tokenReady = false;
  const all = Object.values(stages) as Array<Promise<unknown>>;
  stages.token.then(() => (tokenReady = true)).catch(() => undefined);
  let failure: unknown;
  try {
    await Promise.all(all);
  } catch (error) {
    failure = error;
    if (!tokenReady) cancel(error);
    await Promise.allSettled(all);
  }
  const done = <T>(promise: Promise<T>): Promise<T | undefined> => promise.catch(() => undefined);
  const values: RunValues = {
    controlPlane: await done(stages.controlPlane),
    authServer: await done(stages.authServer),
    scopes: await done(stages.scopes),
    claims: await done(stages.claims),
    client: await done(stages.client),
    plugin: await done(stages.plugin),
    credentials: await done(stages.credentials),
    token: await done(stages.token),
    check: await done(stages.check),
    retiredSecretIds: await done(stages.retiredSecretIds),
  };
  // The check's own failure (not one inherited from an earlier stage) makes check-status "failed".
  if (values.token && values.plugin) {
    const checkError = await stages.check.then(() => undefined, (error: unknown) => error);
    if (checkError !== undefined) values.checkFailure = describeFailure(checkError).split('\n')[0];
  }
  return { values, ...(failure === undefined ? {} : { failure }) };
}
