import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import { asUser, envFor, registerServiceAccount, type ServiceAccount } from "./support/emulator";
import {
  asSheet,
  consume,
  control,
  createSchoolSheet,
  liftProjectQuotas,
  person,
  poll,
  readSheet,
  type School,
  smallTabs,
  untilQuiet,
  writeCell,
} from "./support/schools";

/**
 * A sync queue batch works on its spreadsheets at once, so the schools of a busy tick wait for
 * the longest sync rather than for the sum of all: what the emulator saw in progress at one time
 * tells. Two messages for one spreadsheet in the same batch still run one after the other, so
 * neither finds the other's lease and comes back later.
 */

const ADMIN = "admin@batch.hrjy.example.cn";
const schools: School[] = [1, 2, 3, 4].map((n) => ({
  code: `430623960${n}`,
  name: `华容县批处理测试第${n}小学`,
  category: "primary_secondary",
}));
let setup: ServiceAccount;
let measured: ServiceAccount;
const ids: string[] = [];

const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

const envOf = (sa: ServiceAccount): Env => ({ ...envFor(sa), RECHECK_QUEUE: noRecheck });

interface IdentityStats {
  byIdentity: Record<string, { total: number; mostAtOnce: number }>;
}

beforeAll(async () => {
  await liftProjectQuotas();
  setup = await registerServiceAccount("batch-setup");
  // A second account of the same pool, used only by the measured batches: its counters are theirs.
  measured = await registerServiceAccount("batch-measured");
  for (const [i, school] of schools.entries()) {
    const id = await createSchoolSheet(
      ADMIN,
      setup.client_email,
      school,
      asSheet(smallTabs([person(i)])),
    );
    await asUser(ADMIN, "POST", `drive/v3/files/${id}/permissions`, {
      role: "writer",
      type: "user",
      emailAddress: measured.client_email,
    });
    ids.push(id);
  }
  expect(await untilQuiet(envOf(setup), 3)).toMatchObject({ retries: 0 });
});

const edit = (i: number, phone: string) =>
  writeCell(ADMIN, ids[i] as string, "联系方式", "移动电话", 2, phone);

/** The 审核状态 of a school's first person on 联系方式, as its info admin sees it. */
async function phoneRowStatus(id: string): Promise<string> {
  const values = (await readSheet(ADMIN, id, ["联系方式"])).联系方式 ?? [];
  const column = values[0]?.indexOf("审核状态") ?? -1;
  return values[1]?.[column] ?? "";
}

async function measuredStats() {
  const stats = await control<IdentityStats>("GET", "/stats");
  return stats.byIdentity[measured.client_email] ?? { total: 0, mostAtOnce: 0 };
}

describe("a sync queue batch", () => {
  it("syncs its schools at once, each to its own sheet", async () => {
    for (const i of ids.keys()) await edit(i, `1380730${1000 + i}`);
    const sent = await poll(envOf(setup));
    expect(new Set(sent.map((m) => m.spreadsheetId))).toEqual(new Set(ids));
    // Every request of the measured account is held open 300 ms, so syncs in turn never overlap.
    await control("POST", "/faults", { latencyMs: 300, identities: [measured.client_email] });
    try {
      const outcome = await consume(
        envOf(measured),
        sent.map((body) => ({ body, attempts: 1 })),
      );
      expect(outcome).toEqual({ acked: sent.length, retried: [] });
    } finally {
      await control("POST", "/faults", {});
    }
    expect((await measuredStats()).mostAtOnce).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect(await phoneRowStatus(id)).toBe("待审核");
  });

  it("runs two messages for one spreadsheet one after the other: neither is sent back busy", async () => {
    await edit(0, "13807309999");
    const [message] = await poll(envOf(setup));
    if (message === undefined) throw new Error("nothing queued");
    const twice = [message, message].map((body) => ({ body, attempts: 1 }));
    expect(await consume(envOf(measured), twice)).toEqual({ acked: 2, retried: [] });
    expect(await phoneRowStatus(ids[0] as string)).toBe("待审核");
  });
});
