/**
 * `npm start` as a function: the stack, what to open and how syncing happens printed at once,
 * and the cron ticking as production's does. scripts/start.ts is this plus the command line; the
 * tests call it directly, so what they check is what `npm start` runs.
 */
import { type Cron, startCron } from "./cron";
import { type Stack, startStack } from "./stack";
import type { StartOptions, Tick } from "./start-options";

export interface RunningStart {
  readonly stack: Stack;
  stop(): Promise<void>;
}

export async function startLikeProduction(
  options: StartOptions & { readonly stateDir?: string },
  print: (line: string) => void,
): Promise<RunningStart> {
  const stack = await startStack({
    emulatorPort: options.emulatorPort,
    workerPort: options.workerPort,
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
  });
  for (const line of startBanner({ ...stack, tick: options.tick })) print(line);
  const cron: Cron = startCron({
    workerUrl: stack.workerUrl,
    tick: options.tick,
    watch: (listener) => stack.watchWorkerLog(listener),
    print,
  });
  return {
    stack,
    async stop() {
      // The cron first: a tick must not meet a worker that is going away.
      await cron.stop();
      await stack.stop();
    },
  };
}

const TICK_SOURCES: Record<Tick["from"], string> = {
  "wrangler.toml":
    "间隔按 wrangler.toml 的 crons，与生产环境相同；练习时可缩短：npm start -- --tick 20s",
  "--tick": "间隔取自 --tick；不给时按 wrangler.toml 的 crons，与生产环境相同",
  TICK_SECONDS: "间隔取自环境变量 TICK_SECONDS；不设时按 wrangler.toml 的 crons，与生产环境相同",
};

export function startBanner(at: {
  emulatorUrl: string;
  workerUrl: string;
  stateDir: string;
  tick: Tick;
}): string[] {
  const token = `$(cat ${at.stateDir}/admin-token)`;
  return [
    `本地表格（浏览器打开）：${at.emulatorUrl}/`,
    `建表（示例学校）：npm run provision -- --schools sheet-templates/examples/huarong-schools.csv --endpoint ${at.emulatorUrl}`,
    `教师自助（手机浏览器打开，教师编号和初始密码在各校「教师账号」表）：${at.workerUrl}/portal/`,
    `每 ${interval(at.tick.seconds)}自动同步一次；立即同步：curl -X POST -H "Authorization: Bearer ${token}" ${at.workerUrl}/api/sync`,
    `（${TICK_SOURCES[at.tick.from]}）`,
    `本地 Worker（wrangler dev）：${at.workerUrl}；健康检查：curl ${at.workerUrl}/healthz`,
    `管理令牌保存在 ${at.stateDir}/admin-token；Worker 日志：${at.stateDir}/worker.log`,
    "按 Ctrl-C 停止。",
  ];
}

function interval(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} 分钟` : `${seconds} 秒`;
}
