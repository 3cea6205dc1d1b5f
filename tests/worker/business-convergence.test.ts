/**
 * A completed transfer under faults, in the style of convergence.test.ts. The transfer is dated
 * ahead: 人事股 confirms the release (待调入学校调档; nothing moves), the receiving school's
 * principal ticks 调档完成 under faults (已批准待生效; nothing moves: the date lies ahead), and on
 * the date the daily job completes it (run twice, as a redelivered tick would: it applies once),
 * which moves the teacher; the sending school's sync clears its rows, and the receiving school's
 * write-back is lost after its registry commit, so for a moment the teacher shows in neither
 * sheet. Then both schools' wake-ups are delivered with 20% of the worker's
 * requests failing (429/500, the client giving up after 2 attempts) and the queue redelivering
 * what failed, for several seeds. The teacher must end with rows in exactly one school, never
 * both, never none, and no record, event or 教师编号 may be lost.
 */
import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { beijingDay } from "../../src/core/business/index";
import { shippedTemplates } from "../../src/core/templates/bundle";
import { templateFor } from "../../src/core/templates/index";
import type { Env } from "../../src/env";
import { applyDueEffects } from "../../src/jobs/dated-effects";
import type { SyncMessage } from "../../src/jobs/messages";
import { ID, validTabs } from "../core/validate/fixture";
import {
  countyStep,
  makeEffective,
  requestState,
  rowsOf,
  syncOnce,
  writeRow,
} from "./support/business";
import { envFor, registerServiceAccount } from "./support/emulator";
import {
  asSheet,
  consumeCounted,
  control,
  createSchoolSheet,
  type Delivery,
  liftProjectQuotas,
  PRIMARY_TABS,
  person,
  readSheet,
  smallTabs,
  untilQuiet,
  wipeDatabase,
} from "./support/schools";

const OUT = {
  code: "4306230311",
  name: "华容县收敛调出小学",
  category: "primary_secondary" as const,
};
const IN = {
  code: "4306230312",
  name: "华容县收敛调入小学",
  category: "primary_secondary" as const,
};
const SECTION_TABS = templateFor(shippedTemplates, "primary_secondary")
  .filter((s) => s.kind === "section")
  .map((s) => s.title);
const FAULTS = { errorRate: 0.2, statuses: [429, 500], retryAfterSeconds: 0 };
const SEEDS = [11, 22, 33, 44];
/** The transfer's 调动日期: ahead of the Beijing day, so it waits for the daily job. */
const AHEAD_DAYS = 10;
const DATED = beijingDay(new Date(Date.now() + AHEAD_DAYS * 86_400_000));

/** 记录编号 shown per school for the given ID number, over every section tab. */
async function shownIds(reader: string, id: string, idNumber: string): Promise<string[]> {
  const tabs = await readSheet(reader, id, SECTION_TABS);
  return SECTION_TABS.flatMap((tab) => {
    const [header = [], ...rows] = tabs[tab] ?? [];
    const who = header.indexOf("身份证件号");
    const record = header.indexOf("记录编号");
    return rows.filter((row) => row[who] === idNumber).map((row) => row[record] ?? "");
  }).sort();
}

async function snapshotOf(db: D1Database, personKey: string) {
  const records = await db
    .prepare(
      "SELECT record_id, school_code, effective_version FROM records WHERE person_key = ? ORDER BY record_id",
    )
    .bind(personKey)
    .all<{ record_id: string; school_code: string; effective_version: number | null }>();
  const versions = await db
    .prepare(
      "SELECT record_id, version, hash FROM record_versions WHERE record_id IN (SELECT record_id FROM records WHERE person_key = ?) ORDER BY record_id, version",
    )
    .bind(personKey)
    .all();
  const events = await db
    .prepare("SELECT id, record_id, kind FROM review_events ORDER BY id")
    .all();
  const business = await db
    .prepare("SELECT id, request_id, action FROM business_events ORDER BY id")
    .all();
  const teacher = await db
    .prepare("SELECT teacher_number, school_code FROM teachers WHERE person_key = ?")
    .bind(personKey)
    .first<{ teacher_number: string; school_code: string }>();
  return {
    records: records.results,
    versions: versions.results,
    events: events.results,
    business: business.results,
    teacher,
  };
}

/** Every template tab, with the given rows where there are some (request tabs start empty). */
function everyTab(tabs: Record<string, Record<string, unknown>[]>) {
  return asSheet(Object.fromEntries(PRIMARY_TABS.map((t) => [t, (tabs[t] ?? []) as never])));
}

interface Outcome {
  seed: number;
  waiting: { out: string[]; in: string[] };
  scheduled: { out: string[]; in: string[] };
  scheduledRow: { 办理状态: string; 校验结果: string };
  before: Awaited<ReturnType<typeof snapshotOf>>;
  after: Awaited<ReturnType<typeof snapshotOf>>;
  lostWindow: { out: string[]; in: string[] };
  end: { out: string[]; in: string[] };
  retries: number;
  injected: number;
  state: string | undefined;
}

const outcomes: Outcome[] = [];

async function transferUnderFaults(seed: number): Promise<Outcome> {
  await wipeDatabase(env.DB);
  const sa = await registerServiceAccount(`business-convergence-${seed}`);
  const admin = `admin-${seed}@business-convergence.hrjy.example.cn`;
  const auditor = `auditor-${seed}@business-convergence.hrjy.example.cn`;
  const sent: SyncMessage[] = [];
  const queue = {
    send: async (body: SyncMessage) => {
      sent.push(body);
    },
    sendBatch: async (batch: Iterable<MessageSendRequest<SyncMessage>>) => {
      sent.push(...[...batch].map((m) => m.body));
    },
  } as unknown as Env["SYNC_QUEUE"];
  const quiet = {
    send: async () => {},
    sendBatch: async () => {},
  } as unknown as Env["RECHECK_QUEUE"];
  const base: Env = { ...envFor(sa), SYNC_QUEUE: queue, RECHECK_QUEUE: quiet };
  const out = await createSchoolSheet(admin, sa.client_email, OUT, everyTab(validTabs()), [
    auditor,
  ]);
  const inn = await createSchoolSheet(
    admin,
    sa.client_email,
    IN,
    everyTab(smallTabs([person(7)])),
    [auditor],
  );
  await makeEffective(base, admin, OUT, out);
  await syncOnce(base, IN, inn);

  // From here on, 20% of the worker's requests fail; every sync is a queue delivery, redelivered
  // until it goes through, and the wake-ups it sends are delivered too.
  const stats = () => control<{ rejected: { faults: number } }>("GET", "/stats");
  const injectedBefore = (await stats()).rejected.faults;
  const faults = { ...FAULTS, seed, identities: [sa.client_email] };
  await control("POST", "/faults", faults);
  const faulty = { ...base, GOOGLE_RETRY_BASE_MS: "1", GOOGLE_RETRY_ATTEMPTS: "2" } as Env;
  const wake = (school: typeof OUT, spreadsheetId: string): Delivery => ({
    body: { kind: "school", spreadsheetId, version: 0, school, force: true },
    attempts: 1,
  });
  let retries = 0;
  const settle = async (first: Delivery[]) => {
    let pending = first;
    for (let round = 0; pending.length > 0; round++) {
      if (round >= 40) throw new Error(`seed ${seed}: deliveries never settled`);
      const { retried, deferred } = await consumeCounted(faulty, pending);
      retries += retried.length + deferred;
      pending = [...retried, ...sent.splice(0).map((body) => ({ body, attempts: 1 }))];
    }
  };

  await writeRow(admin, inn, "调动申请", 2, {
    姓名: "张伟",
    身份证件号: ID.zhang,
    调动方向: "调入",
    对方学校代码: OUT.code,
    调动日期: DATED,
    调动原因: "工作需要",
    本校确认: true,
  });
  await settle([wake(IN, inn)]);
  const [row] = await rowsOf(auditor, inn, "调动申请");
  const requestId = row?.申请编号 ?? "";
  expect(await requestState(env, requestId), `seed ${seed}`).toBe("county_review");
  await countyStep(base, requestId, "county_review");
  await settle([wake(OUT, out), wake(IN, inn)]);
  await writeRow(admin, out, "调动申请", 2, { 本校确认: true });
  await settle([wake(OUT, out)]);
  expect(await requestState(env, requestId), `seed ${seed}`).toBe("release_review");
  const request = await env.DB.prepare("SELECT person_key FROM business_requests WHERE id = ?")
    .bind(requestId)
    .first<{ person_key: string }>();
  const personKey = request?.person_key ?? "";
  const before = await snapshotOf(env.DB, personKey);

  await countyStep(base, requestId, "release_review");
  await settle([wake(OUT, out), wake(IN, inn)]);
  // 调档: until the receiving school's principal ticks it, the sending school holds the teacher.
  expect(await requestState(env, requestId), `seed ${seed}`).toBe("archive_review");
  const waiting = {
    out: await shownIds(auditor, out, ID.zhang),
    in: await shownIds(auditor, inn, ID.zhang),
  };
  await writeRow(admin, inn, "调动申请", 2, { 调档完成: true });
  await settle([wake(IN, inn)]);
  // Ticked, but dated ahead: approved, waiting for its date; still nothing moves.
  expect(await requestState(env, requestId), `seed ${seed}`).toBe("scheduled");
  const scheduled = {
    out: await shownIds(auditor, out, ID.zhang),
    in: await shownIds(auditor, inn, ID.zhang),
  };
  const [inRow] = await rowsOf(auditor, inn, "调动申请");
  // The date comes: the daily job applies it, twice (a redelivered tick) and only once.
  const onTheDate = new Date(Date.now() + (AHEAD_DAYS + 1) * 86_400_000);
  const jobs = [
    await applyDueEffects({ db: env.DB, crypto: await idCryptoFromEnv(base) }, onTheDate),
    await applyDueEffects({ db: env.DB, crypto: await idCryptoFromEnv(base) }, onTheDate),
  ];
  expect(
    jobs.map((j) => j.applied),
    `seed ${seed}`,
  ).toEqual([1, 0]);
  await settle([wake(OUT, out)]);
  // The receiving school's write-back is lost after its registry commit.
  await control("POST", "/faults", {
    errorRate: 1,
    statuses: [500],
    methods: ["sheets.spreadsheets.batchUpdate"],
    identities: [sa.client_email],
  });
  await expect(syncOnce({ ...base, GOOGLE_RETRY_ATTEMPTS: "1" } as Env, IN, inn)).rejects.toThrow();
  const lostWindow = {
    out: await shownIds(auditor, out, ID.zhang),
    in: await shownIds(auditor, inn, ID.zhang),
  };
  await control("POST", "/faults", faults);
  await settle([wake(OUT, out), wake(IN, inn)]);
  const run = await untilQuiet(faulty, 30);
  retries += run.retries;
  const injected = (await stats()).rejected.faults - injectedBefore;
  await control("POST", "/faults", {});
  await untilQuiet(base, 10);
  return {
    seed,
    waiting,
    scheduled,
    scheduledRow: { 办理状态: inRow?.办理状态 ?? "", 校验结果: inRow?.校验结果 ?? "" },
    before,
    after: await snapshotOf(env.DB, personKey),
    lostWindow,
    end: {
      out: await shownIds(auditor, out, ID.zhang),
      in: await shownIds(auditor, inn, ID.zhang),
    },
    retries,
    injected,
    state: await requestState(env, requestId),
  };
}

afterAll(async () => {
  await control("POST", "/faults", {});
});

describe("a completed transfer whose receiving-school write failed, under 20% faults", () => {
  it("runs for every seed", async () => {
    await liftProjectQuotas();
    for (const seed of SEEDS) outcomes.push(await transferUnderFaults(seed));
    console.log(
      JSON.stringify(outcomes.map(({ seed, injected, retries }) => ({ seed, injected, retries }))),
    );
    // The faults bit: dozens injected, and some syncs failed outright and were redelivered.
    expect(outcomes.reduce((n, o) => n + o.injected, 0)).toBeGreaterThanOrEqual(15);
    expect(outcomes.reduce((n, o) => n + o.retries, 0)).toBeGreaterThanOrEqual(1);
  }, 600_000);

  it("until 调档完成 and its date, the teacher stays with the sending school, visibly waiting", () => {
    expect(outcomes).toHaveLength(SEEDS.length);
    for (const o of outcomes) {
      const ids = o.before.records.map((r) => r.record_id).sort();
      expect(o.waiting, `seed ${o.seed}`).toEqual({ out: ids, in: [] });
      expect(o.scheduled, `seed ${o.seed}`).toEqual({ out: ids, in: [] });
      expect(o.scheduledRow.办理状态, `seed ${o.seed}`).toBe("已批准待生效");
      expect(o.scheduledRow.校验结果, `seed ${o.seed}`).toContain(`调动将于 ${DATED} 生效`);
    }
  });

  it("the lost write left the teacher in neither sheet for a moment", () => {
    expect(outcomes).toHaveLength(SEEDS.length);
    for (const o of outcomes) expect(o.lostWindow, `seed ${o.seed}`).toEqual({ out: [], in: [] });
  });

  it("every seed converges: the teacher's rows in exactly the receiving school, each record once", () => {
    expect(outcomes).toHaveLength(SEEDS.length);
    for (const o of outcomes) {
      const ids = o.before.records.map((r) => r.record_id).sort();
      expect(o.state, `seed ${o.seed}`).toBe("completed");
      expect(o.end.out, `seed ${o.seed}: sending school`).toEqual([]);
      expect(o.end.in, `seed ${o.seed}: receiving school`).toEqual(ids);
    }
  });

  it("no record, version, event or 教师编号 is lost; the records moved, nothing else", () => {
    expect(outcomes).toHaveLength(SEEDS.length);
    for (const o of outcomes) {
      expect(o.after.records.map((r) => r.record_id)).toEqual(
        o.before.records.map((r) => r.record_id),
      );
      expect(new Set(o.after.records.map((r) => r.school_code))).toEqual(new Set([IN.code]));
      expect(o.after.records.map((r) => r.effective_version)).toEqual(
        o.before.records.map((r) => r.effective_version),
      );
      expect(o.after.versions).toEqual(o.before.versions);
      expect(o.after.events.slice(0, o.before.events.length)).toEqual(o.before.events);
      expect(o.after.business.slice(0, o.before.business.length)).toEqual(o.before.business);
      // 确认调出, 调档完成, and the date's completion: three steps, each once.
      expect(o.after.business).toHaveLength(o.before.business.length + 3);
      expect(o.after.teacher).toEqual({
        teacher_number: o.before.teacher?.teacher_number,
        school_code: IN.code,
      });
    }
  });
});
