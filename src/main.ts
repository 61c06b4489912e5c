import { parseConfig, type Config } from './inputs/config.js';
import type { RunContext } from './resources/description.js';
import { parseMode, warnAboutIgnoredInputs } from './inputs/modes.js';
import { createRunContext } from './engine/clients.js';
import { describeFailure, failEarly } from './report/failure.js';
import { runProvision } from './modes/provision.js';
import { runTeardown } from './modes/teardown.js';
import { runTokenMode } from './modes/token.js';
import { runUnseal } from './modes/unseal.js';
import * as core from './runner/core.js';
import { setFailed } from './runner/log.js';
import { maskInputSecrets } from './runner/secrets.js';

/**
 * The main step: masks the secret inputs, reads the mode and the inputs (every problem at once,
 * before any request), then runs the mode. provision and teardown run the engine (src/engine/);
 * token and unseal only hand out a token. The post step is post.ts.
 */
// A failure nothing anticipated still reaches the user as one redacted, neutralised annotation,
// never as a stack trace on stderr that could quote a peer's words.
process.on('unhandledRejection', (error) => setFailed(describeFailure(error)));

async function run(): Promise<void> {
  const started = performance.now();
  maskInputSecrets();
  let config: Config;
  let ctx: RunContext & { close: () => Promise<void> };
  try {
    const mode = parseMode(core.getInput('mode'));
    warnAboutIgnoredInputs(mode);
    if (mode === 'token') return await runTokenMode();
    if (mode === 'unseal') return await runUnseal();
    config = parseConfig(core.getInput, mode);
    ctx = createRunContext(config); // refuses a malformed HTTPS_PROXY / HTTP_PROXY
  } catch (error) {
    // Before any request: the inputs or the proxy variables. Nothing was changed.
    core.setOutput('check-status', 'skipped');
    await failEarly(error);
    return;
  }
  try {
    if (config.mode === 'teardown') await runTeardown(config, ctx, started);
    else await runProvision(config, ctx, started);
  } catch (error) {
    setFailed(describeFailure(error));
  } finally {
    await ctx.close();
  }
}

await run();
