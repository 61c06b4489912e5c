// What run.ts needs of a campaign (the fault campaign, the lifecycle campaign), and the loop they
// share: P schedules at a time, a row per schedule as it finishes, then the violations with the
// command that replays each schedule, and as the last line exactly `N schedules, V invariant violations`.

/** One schedule, run and judged. */
export interface Outcome {
  index: number;
  /** One line: what the schedule does. */
  description: string;
  violations: string[];
  /** The first line of each failed run's error, for --verbose. */
  errors: string[];
  /** The schedule's row of the table. */
  row: string;
}

export interface Campaign {
  banner(count: number, parallel: number): string;
  /** What the exits column means. */
  legend: string;
  header: string;
  /** The command that replays schedule `index`. */
  replay(index: number): string;
  runOne(index: number): Promise<Outcome>;
}

/** Runs the schedules, prints the table and the violations; returns the number of violations. */
export async function runCampaign(
  campaign: Campaign,
  options: { seed: string; indexes: number[]; parallel: number; verbose: boolean },
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const started = performance.now();
  write(`${campaign.banner(options.indexes.length, options.parallel)}\n`);
  write(`${campaign.legend}\n${campaign.header}\n`);

  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < options.indexes.length) {
      const index = options.indexes[next++] as number;
      const outcome = await campaign.runOne(index);
      outcomes.push(outcome);
      write(`${outcome.row}\n`);
      if (options.verbose) {
        write(`       ${outcome.description}\n`);
        for (const error of outcome.errors) write(`       ${error}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, options.indexes.length) }, worker));

  const failed = outcomes.filter((outcome) => outcome.violations.length > 0).sort((a, b) => a.index - b.index);
  const violations = failed.reduce((sum, outcome) => sum + outcome.violations.length, 0);
  for (const outcome of failed) {
    write(`\nSchedule ${outcome.index} of seed "${options.seed}" (replay: ${campaign.replay(outcome.index)}):\n`);
    write(`  ${outcome.description}\n`);
    for (const violation of outcome.violations) write(`  - ${violation.replace(/\n/g, '\n    ')}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  write(`\nDuration ${seconds.toFixed(0)} s (${(seconds / Math.max(1, outcomes.length)).toFixed(2)} s per schedule)\n`);
  write(`${outcomes.length} schedules, ${violations} invariant violations\n`);
  return violations;
}
