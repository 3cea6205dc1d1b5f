/**
 * `npm run practice -- [--trainees N] [--state-dir DIR] [--reset] [--seed-only] …` (USAGE in
 * args.ts): a practice county on the local stack, kept apart from the real campaign's data.
 * Exit codes: 0 done (or stopped with Ctrl-C); 1 the stack, provisioning or the sync failed;
 * 2 unusable flags or a state directory that is not a practice county's.
 */
import path from "node:path";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { startCron } from "../lib/cron";
import { clientsFor } from "../lib/emulator-clients";
import { typeRows } from "../lib/school-sheet";
import { type Stack, startProblem, startStack, stopOnSignals } from "../lib/stack";
import { type Provisioned, provision } from "../provision/provision";
import { type PracticeOptions, parsePracticeArgs, USAGE } from "./args";
import { PRACTICE_ADMIN, practiceCounty, practiceTrainees, type Trainee } from "./county";
import { exerciseList, officeSheet, traineeSheet } from "./print";
import { seedRows } from "./seed";
import { claimStateDir, markSeeded } from "./state-dir";

export async function main(argv: readonly string[], print = console.log): Promise<number> {
  const parsed = parsePracticeArgs(argv);
  if (!parsed.ok) return unusable(parsed.problems, print);
  if ("help" in parsed) {
    print(USAGE);
    return 0;
  }
  const { options } = parsed;
  const claim = await claimStateDir(options.stateDir, options.reset);
  if (!claim.ok) return unusable([claim.problem], print);
  print(`练习县数据目录：${options.stateDir}（与正式使用的 .tmis 分开）`);
  let stack: Stack;
  try {
    stack = await startStack({
      stateDir: options.stateDir,
      emulatorPort: options.emulatorPort,
      workerPort: options.workerPort,
      // A classroom packs many people's edits into minutes on a few accounts; Google's per-minute
      // quotas (and the worker's limiter for them) would only make trainees wait for each sync.
      quotas: { enabled: false },
      workerVars: { GOOGLE_REQUESTS_PER_MINUTE: "100000" },
    });
  } catch (error) {
    print(startProblem(error));
    return 1;
  }
  try {
    await setUp(stack, options, claim.seededTrainees, print);
  } catch (error) {
    await stack.stop();
    print(`练习县未能建成：${(error as Error).message}`);
    return 1;
  }
  if (options.seedOnly) {
    await stack.stop();
    print("已按 --seed-only 停止；不带它再运行 npm run practice 即启动练习县，数据保留。");
    return 0;
  }
  const cron = startCron({
    workerUrl: stack.workerUrl,
    tick: options.tick,
    watch: (listener) => stack.watchWorkerLog(listener),
    print,
  });
  print(`每 ${options.tick.seconds} 秒自动同步一次（--tick 可改）。`);
  print("按 Ctrl-C 停止（练习数据保留，下次运行接着用；--reset 重新开始）。");
  stopOnSignals(async () => {
    await cron.stop();
    await stack.stop();
  });
  return 0;
}

async function setUp(
  stack: Stack,
  options: PracticeOptions,
  seededTrainees: number,
  print: (line: string) => void,
) {
  const trainees = practiceTrainees(Math.max(options.trainees, seededTrainees));
  print(
    `建表：${trainees.length} 位学员，每人 3 所学校（小学、中学、幼儿园），另有县级复核表和汇总表`,
  );
  const made = await provision({
    clients: await clientsFor(stack.emulatorUrl, PRACTICE_ADMIN),
    schools: trainees.flatMap((trainee) => trainee.schools),
    templates: shippedTemplates,
    county: practiceCounty,
    serviceAccount: stack.serviceAccountKey.client_email,
    // Sixty trainees make 362 spreadsheets: a line now and then says it is still going.
    onProgress: (_, index, total) => {
      if (index % 20 === 0 || index === total) print(`  已建 ${index}/${total} 个表格`);
    },
  });
  const failed = made.filter((item) => !item.outcome.ok);
  if (failed.length > 0) throw new Error(failed.map((item) => item.name).join("、"));
  const fresh = trainees.filter((trainee) => trainee.number > seededTrainees);
  for (const trainee of fresh) await seedTrainee(stack, trainee, made);
  await markSeeded(options.stateDir, trainees.length);
  print(`录入练习数据：${fresh.length} 位学员的学校（已录入过的学校保持原样）`);
  const changed = await syncOnce(stack);
  print(`同步一次：${changed} 个表格有变化，审核状态和校验结果已写回`);
  print("");
  for (const trainee of trainees.slice(0, options.trainees))
    print(`${traineeSheet(trainee, made)}\n`);
  print(`${officeSheet(made)}\n`);
  print(`${exerciseList()}\n`);
  print(`本地表格（模拟器）：${stack.emulatorUrl}/`);
  print(`教师自助：${stack.workerUrl}/portal/`);
  print(
    `不想等自动同步时立即同步：curl -X POST -H "Authorization: Bearer $(cat ${path.join(stack.stateDir, "admin-token")})" ${stack.workerUrl}/api/sync`,
  );
}

/** The info admin types each of the trainee's schools' rows, as school staff would. */
async function seedTrainee(stack: Stack, trainee: Trainee, made: readonly Provisioned[]) {
  const user = await clientsFor(stack.emulatorUrl, trainee.accounts.infoAdmin);
  for (const [k, school] of trainee.schools.entries()) {
    const sheet = made.find((item) => item.kind === "school" && item.school?.code === school.code);
    if (!sheet?.outcome.ok) throw new Error(`${school.name} 的信息采集表未建成`);
    const rows = seedRows(school, (trainee.number - 1) * trainee.schools.length + k);
    await typeRows(user, sheet.outcome.spreadsheetId, "基本信息", rows.basic);
    await typeRows(user, sheet.outcome.spreadsheetId, "联系方式", rows.contact);
  }
}

async function syncOnce(stack: Stack): Promise<number> {
  const res = await fetch(`${stack.workerUrl}/api/sync?wait=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  if (!res.ok) throw new Error(`同步失败：HTTP ${res.status} ${await res.text()}`);
  return ((await res.json()) as { changed: number }).changed;
}

function unusable(problems: readonly string[], print: (line: string) => void): number {
  for (const problem of problems) print(problem);
  print(`\n${USAGE}`);
  return 2;
}

const invoked =
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === path.resolve(import.meta.filename);
if (invoked) process.exitCode = await main(process.argv.slice(2));
