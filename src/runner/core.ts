// What the action uses of @actions/core, imported by name so that the bundle keeps only these
// (its OIDC client, and the second HTTP stack that client brings, are tree-shaken out: see
// scripts/bundle.ts). Everything the log shows goes through log.ts, which neutralises and redacts it;
// only log.ts and secrets.ts call the printing functions here.
export {
  debug,
  endGroup,
  error,
  getInput,
  getState,
  info,
  notice,
  saveState,
  setOutput,
  setSecret,
  startGroup,
  summary,
  warning,
} from '@actions/core';
