// What the action uses of @actions/core: the job summary and step outputs. Imported by name here,
// and this module loaded dynamically, so that the bundle keeps only these (a dynamic import of
// @actions/core itself would keep all of it: its OIDC client brings a second HTTP stack).
export { setOutput, summary } from '@actions/core';
