import { env } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnLetters } from "../../src/core/sheets/a1";
import type { Cell } from "../../src/core/validate";
import type { Env } from "../../src/env";
import { ID, replacePerson, residentId, type Tabs, validTabs } from "../core/validate/fixture";
import { asUser, envFor, registerServiceAccount } from "./support/emulator";
import {
  asSheet,
  consumeEach,
  control,
  createSchoolSheet,
  headersOf,
  liftProjectQuotas,
  PRIMARY_TABS,
  poll,
  type QuietRun,
  readSheet,
  registrySnapshot,
  type School,
  untilQuiet,
  wipeDatabase,
  withoutClock,
  writeCell,
} from "./support/schools";

/**
 * Faults must not change outcomes: the same scripted scenario (three schools; entries, errors,
 * ticks, fixes, a pasted copy, a cleared row) run once against a clean emulator and once with 20%
 * of the worker's requests answered 429 or 500 ends, phase by phase, with the same sheets and the
 * same registry. The faulted run's client gives up after 2 attempts (test-only knob), so many
 * faults become failed syncs the queue redelivers, some after the registry was already committed.
 */

const SCHOOLS: School[] = [1, 2, 3].map((k) => ({
  code: `430623200${k}`,
  name: `华容县收敛测试第${k}小学`,
  category: "primary_secondary",
}));

/**
 * The fixture's fully valid school (every section, three people), with people of its own: the
 * same birth dates and sexes, other ID sequence numbers, so no ID is claimed by two schools.
 */
function schoolTabs(k: number): Tabs {
  let tabs = validTabs();
  const people: [string, string, string, string][] = [
    [ID.zhang, "19850601", `${k}${k}1`, "张伟"],
    [ID.li, "19900915", `${k}${k}2`, "李娜"],
    [ID.wang, "19950320", `${k}${k}4`, "王芳"],
  ];
  for (const [id, birth, sequence, name] of people) {
    tabs = replacePerson(tabs, id, {
      身份证件号: residentId(birth, sequence),
      姓名: `${name}${"甲乙丙"[k - 1]}`,
    });
  }
  return tabs;
}

const FAULTS = { errorRate: 0.2, statuses: [429, 500], retryAfterSeconds: 0 };
const SEEDS = [11, 22, 33, 44];

interface Phase {
  run: QuietRun;
  sheets: Record<string, Record<string, string[][]>>;
  registry: Record<string, string[]>;
}

type Ids = Record<string, string>;

const range = (tab: string, a1: string) => encodeURIComponent(`'${tab}'!${a1}`);

/** A row as stored (unformatted): what a user's copy-paste carries, booleans included. */
async function rawRow(admin: string, id: string, tab: string, row: number): Promise<Cell[]> {
  const got = await asUser<{ values?: Cell[][] }>(
    admin,
    "GET",
    `v4/spreadsheets/${id}/values/${range(tab, `A${row}:AZ${row}`)}?valueRenderOption=UNFORMATTED_VALUE`,
  );
  return got.values?.[0] ?? [];
}

async function putRow(admin: string, id: string, tab: string, row: number, values: Cell[]) {
  await asUser(
    admin,
    "PUT",
    `v4/spreadsheets/${id}/values/${range(tab, `A${row}`)}?valueInputOption=RAW`,
    {
      values: [values],
    },
  );
}

async function snapshot(db: D1Database, ids: Ids, run: QuietRun, auditor: string) {
  const sheets: Phase["sheets"] = {};
  for (const [code, id] of Object.entries(ids))
    sheets[code] = withoutClock(await readSheet(auditor, id, PRIMARY_TABS));
  const names = new Map(Object.entries(ids).map(([code, id]) => [id, `<sheet of ${code}>`]));
  return { run, sheets, registry: await registrySnapshot(db, names) };
}

/** The scenario: the same edits, in the same order, between cycles run until quiet. */
/**
 * `loseWrites`: each phase starts with one cycle whose every write-back fails (after the registry
 * commit, as a lost response or a crash would), the deterministic form of what random faults hit
 * now and then.
 */
async function scenario(
  testEnv: Env,
  serviceAccount: string,
  label: string,
  loseWrites = false,
): Promise<Phase[]> {
  // One admin and one auditor per run: each run's edits and checks fit Google's per-user quota.
  const admin = `admin-${label}@convergence.hrjy.example.cn`;
  const auditor = `auditor-${label}@convergence.hrjy.example.cn`;
  const ids: Ids = {};
  for (const school of SCHOOLS) {
    const tabs = asSheet(schoolTabs(Number(school.code.slice(-1))));
    ids[school.code] = await createSchoolSheet(admin, serviceAccount, school, tabs, [auditor]);
  }
  const [one, two, three] = SCHOOLS.map((s) => ids[s.code] as string) as [string, string, string];
  const phases: Phase[] = [];
  const settle = async () => {
    if (loseWrites) {
      await control("POST", "/faults", {
        errorRate: 1,
        statuses: [500],
        methods: ["sheets.spreadsheets.batchUpdate"],
        identities: [serviceAccount],
      });
      const sent = await poll(testEnv);
      const { retried } = await consumeEach(
        testEnv,
        sent.map((body) => ({ body, attempts: 1 })),
      );
      await control("POST", "/faults", {});
      // Every school had something to write in every phase, so every sync failed.
      expect(retried).toHaveLength(SCHOOLS.length);
    }
    // One sync at a time: teacher numbers are issued in the same order as in the clean run.
    const quiet = await untilQuiet(testEnv, 20, consumeEach);
    phases.push(await snapshot(testEnv.DB, ids, quiet, auditor));
  };

  await settle();

  // An error, ticks on valid rows, a new person, a pasted copy of a row with its 记录编号.
  await writeCell(admin, one, "联系方式", "移动电话", 2, "12345");
  await writeCell(admin, one, "基本信息", "校长审核", 3, true);
  await writeCell(admin, two, "基本信息", "校长审核", 2, true);
  await writeCell(admin, two, "联系方式", "校长审核", 3, true);
  // A second 国内培训 row, for 李娜3 this time (a new record), and a pasted copy of a 联系方式 row.
  const training = schoolTabs(3);
  const [first] = training.国内培训 ?? [];
  const li = (training.基本信息 ?? [])[1] ?? {};
  training.国内培训 = [
    ...(training.国内培训 ?? []),
    { ...first, 姓名: li.姓名, 身份证件号: li.身份证件号 },
  ];
  await putRow(admin, three, "国内培训", 3, asSheet(training).国内培训?.[2] ?? []);
  await putRow(admin, three, "联系方式", 5, await rawRow(admin, three, "联系方式", 2));
  await settle();

  // A fix and a tick on it, an edit to an approved row, a row cleared.
  await writeCell(admin, one, "联系方式", "移动电话", 2, "13807309999");
  await writeCell(admin, one, "联系方式", "校长审核", 2, true);
  await writeCell(admin, two, "基本信息", "籍贯", 2, "湖南省岳阳市");
  const width = headersOf("联系方式").length;
  await asUser(
    admin,
    "POST",
    `v4/spreadsheets/${three}/values/${range("联系方式", `A3:${columnLetters(width - 1)}3`)}:clear`,
    {},
  );
  await settle();
  return phases;
}

/** The recheck consumer is not part of this scenario: its wake-ups are dropped, not delivered. */
const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

interface Faulty {
  seed: number;
  injected: number;
  phases: Phase[];
}

let clean: Phase[] = [];
let lost: Phase[] = [];
const faulty: Faulty[] = [];

beforeAll(async () => {
  await liftProjectQuotas();
  const cleanSa = await registerServiceAccount("convergence-clean");
  clean = await scenario(
    { ...envFor(cleanSa), RECHECK_QUEUE: noRecheck },
    cleanSa.client_email,
    "clean",
  );
  for (const seed of SEEDS) {
    await wipeDatabase(env.DB);
    const sa = await registerServiceAccount(`convergence-faults-${seed}`);
    await control("POST", "/faults", { ...FAULTS, seed, identities: [sa.client_email] });
    const before = await control<{ rejected: { faults: number } }>("GET", "/stats");
    const testEnv = {
      ...envFor(sa),
      RECHECK_QUEUE: noRecheck,
      GOOGLE_RETRY_BASE_MS: "1",
      GOOGLE_RETRY_ATTEMPTS: "2",
    };
    const phases = await scenario(testEnv, sa.client_email, `seed-${seed}`);
    const after = await control<{ rejected: { faults: number } }>("GET", "/stats");
    await control("POST", "/faults", {});
    faulty.push({ seed, injected: after.rejected.faults - before.rejected.faults, phases });
  }
  await wipeDatabase(env.DB);
  const sa = await registerServiceAccount("convergence-lost-writes");
  const fast = { GOOGLE_RETRY_BASE_MS: "1", GOOGLE_RETRY_ATTEMPTS: "2" };
  lost = await scenario(
    { ...envFor(sa), RECHECK_QUEUE: noRecheck, ...fast },
    sa.client_email,
    "lost-writes",
    true,
  );
}, 120_000);

afterAll(async () => {
  await control("POST", "/faults", {});
});

const withoutLog = ({ review_events: _, ...state }: Record<string, string[]>) => state;

describe("with 20% of the worker's requests failing, cycles converge to the fault-free outcome", () => {
  it("the clean run did the scenario: statuses, ticks queued, teacher numbers, no retries", () => {
    expect(clean.map((p) => p.run)).toEqual(
      Array(3).fill({ cycles: 2, deliveries: 3, retries: 0, failedPolls: 0 }),
    );
    const [, ticked, fixed] = clean as [Phase, Phase, Phase];
    expect(ticked.registry.recheck_items).toHaveLength(3);
    expect(ticked.registry.teachers).toHaveLength(9);
    const contact = fixed.sheets["4306232001"]?.联系方式 ?? [];
    expect(contact[1]?.[contact[0]?.indexOf("审核状态") ?? -1]).toBe("已审核待复核");
  });

  it("the faults bit: dozens injected, some syncs failed and were redelivered by the queue", () => {
    const summary = faulty.map(({ seed, injected, phases }) => ({
      seed,
      injected,
      runs: phases.map((p) => p.run),
    }));
    console.log(JSON.stringify(summary));
    expect(faulty.reduce((n, f) => n + f.injected, 0)).toBeGreaterThanOrEqual(30);
    const retries = faulty.flatMap((f) => f.phases).reduce((n, p) => n + p.run.retries, 0);
    expect(retries).toBeGreaterThanOrEqual(2);
  });

  it("every seed, every phase: the same sheets and the same registry state as the clean run", () => {
    for (const { seed, phases } of faulty) {
      for (const [i, phase] of phases.entries()) {
        expect(phase.sheets, `seed ${seed}: sheets after phase ${i}`).toEqual(clean[i]?.sheets);
        expect(withoutLog(phase.registry), `seed ${seed}: registry after phase ${i}`).toEqual(
          withoutLog(clean[i]?.registry ?? {}),
        );
      }
    }
  });

  it("write-backs lost after the registry commit: the redo ends with the same sheets (phases 0, 1)", () => {
    expect(lost.map((p) => p.run.retries)).toEqual([0, 0, 0]);
    for (const i of [0, 1]) {
      expect(lost[i]?.sheets, `sheets after phase ${i}`).toEqual(clean[i]?.sheets);
    }
  });

  /*
   * Phase 2 edits an approved row; the write-back that clears its tick is lost. The redo must
   * not take the tick still shown for a new approval of the edited values (decide.ts: a tick on
   * a revoked row counts only once the sheet shows 已修改需重新审核).
   */
  it("write-backs lost after the registry commit: the same sheets after phase 2", () => {
    expect(lost[2]?.sheets).toEqual(clean[2]?.sheets);
  });

  /*
   * A redo after a lost write-back re-issues the same seeded 记录编号 for new rows; syncSchool
   * must take them for the records the registry already has (not new ones, and not removed).
   */
  it("write-backs lost after the registry commit: the same registry state", () => {
    for (const [i, phase] of lost.entries()) {
      expect(withoutLog(phase.registry), `registry after phase ${i}`).toEqual(
        withoutLog(clean[i]?.registry ?? {}),
      );
    }
  });

  it("write-backs lost after the registry commit: the same review log", () => {
    for (const [i, phase] of lost.entries()) {
      expect(phase.registry.review_events, `review log after phase ${i}`).toEqual(
        clean[i]?.registry.review_events,
      );
    }
  });
});
