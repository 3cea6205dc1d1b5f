import { readFile } from "node:fs/promises";
import path from "node:path";
import { startLikeProduction } from "./lib/npm-start";
import { startProblem, stopOnSignals } from "./lib/stack";
import { parseStartOptions, START_USAGE } from "./lib/start-options";

/** `npm start [-- --tick 20s]`: the emulator and the worker, the cron ticking, until Ctrl-C. */
const wranglerToml = await readFile(path.resolve(import.meta.dirname, "../wrangler.toml"), "utf8");
const parsed = parseStartOptions(process.argv.slice(2), process.env, wranglerToml);
if (!parsed.ok) {
  for (const problem of parsed.problems) console.error(problem);
  console.error("（用法见 npm start -- --help）");
  process.exit(2);
}
if ("help" in parsed) {
  console.log(START_USAGE);
  process.exit(0);
}
const running = await startLikeProduction(parsed.options, console.log).catch((error: unknown) => {
  console.error(startProblem(error));
  process.exit(1);
});
stopOnSignals(() => running.stop());
