import { parseConfig } from './inputs/config.js';
import { createRunContext } from './engine/clients.js';
import { describeFailure } from './report/failure.js';
import { parseSavedSecret, revoke, savedRevocation } from './modes/revoke.js';
import { setFailed } from './runner/log.js';
import { maskInputSecrets } from './runner/secrets.js';
import { getInput } from './runner/core.js';

/**
 * The post step (action.yml `post:`), which the runner runs after the job's steps whatever their
 * outcome. With revoke-secret-on-exit, it deletes the client secret the main step created
 * (modes/revoke.ts); otherwise it makes no request.
 */
process.on('unhandledRejection', (error) => setFailed(describeFailure(error)));
try {
  const saved = savedRevocation();
  if (saved !== undefined) {
    maskInputSecrets();
    const config = parseConfig(getInput);
    if (config.revokeSecretOnExit) {
      const target = parseSavedSecret(saved);
      const ctx = createRunContext(config);
      try {
        await revoke(ctx, config, target);
      } finally {
        await ctx.close();
      }
    }
  }
} catch (error) {
  setFailed(describeFailure(error));
}
