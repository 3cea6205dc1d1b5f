/** What each benchmark hands the runner: table rows for people, raw numbers for programs. */
export interface Metric {
  /** Chinese and English, e.g. "中位耗时 median ms/school". */
  readonly label: string;
  /** Already formatted with its unit. */
  readonly value: string;
}

export interface BenchResult {
  /** Chinese and English, e.g. "校验吞吐 Validation". */
  readonly title: string;
  readonly metrics: readonly Metric[];
  /** The same figures unformatted, keyed in camelCase, for a caller that compares runs. */
  readonly numbers: Readonly<Record<string, number>>;
}

/** The one result line a benchmark prints as soon as it has its figures. */
export function announce(result: BenchResult): BenchResult {
  console.log(
    `▶ ${result.title}: ${result.metrics.map((m) => `${m.label} ${m.value}`).join("; ")}`,
  );
  return result;
}
