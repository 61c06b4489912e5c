/** The phases of a provisioning run, in the pipeline's order: the log shows one group per phase, in this order. */
export const PHASES = ['control plane', 'Kong Identity', 'plugin', 'secret and token', 'gateway check'] as const;
export type Phase = (typeof PHASES)[number];
