import { beforeAll, describe, expect, it } from "vitest";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { ID, replacePerson, residentId, validTabs } from "../core/validate/fixture";
import {
  envFor,
  registerServiceAccount,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import {
  asSheet,
  consume,
  createSchoolSheet,
  liftProjectQuotas,
  PRIMARY_TABS,
  poll,
  readSheet,
  registrySnapshot,
  type School,
  untilQuiet,
  writeCell,
} from "./support/schools";

/**
 * At least once: a school's sync message delivered a second time changes nothing — not the
 * registry, not the sheet, and it writes nothing. Both when the first delivery finished (the
 * version is already synced) and when its bookkeeping was lost after the write-back (a crash
 * before `recordSpreadsheetSynced`), so the redelivery really reads and decides again.
 */

const ADMIN = "admin@redelivery.hrjy.example.cn";
const AUDITOR = "auditor@redelivery.hrjy.example.cn";
const SCHOOL: School = {
  code: "4306234001",
  name: "华容县重投测试小学",
  category: "primary_secondary",
};
let sa: ServiceAccount;
let testEnv: Env;
let id = "";

const noRecheck = {
  send: async () => {},
  sendBatch: async () => {},
} as unknown as Env["RECHECK_QUEUE"];

async function state() {
  return {
    sheet: await readSheet(AUDITOR, id, PRIMARY_TABS),
    registry: await registrySnapshot(testEnv.DB),
    // The rows only: D1's result metadata (query duration, rows read) differs between two reads.
    synced: (await testEnv.DB.prepare("SELECT * FROM spreadsheets").all()).results,
  };
}

beforeAll(async () => {
  await liftProjectQuotas();
  sa = await registerServiceAccount("redelivery");
  testEnv = { ...envFor(sa), RECHECK_QUEUE: noRecheck };
  let tabs = validTabs();
  for (const [old, birth, seq] of [
    [ID.zhang, "19850601", "551"],
    [ID.li, "19900915", "552"],
    [ID.wang, "19950320", "554"],
  ] as const) {
    tabs = replacePerson(tabs, old, { 身份证件号: residentId(birth, seq) });
  }
  id = await createSchoolSheet(ADMIN, sa.client_email, SCHOOL, asSheet(tabs), [AUDITOR]);
  expect(await untilQuiet(testEnv, 3)).toMatchObject({ cycles: 2, retries: 0 });
});

async function editAndPoll(): Promise<SyncMessage> {
  const [message, ...rest] = await poll(testEnv);
  expect(rest).toEqual([]);
  return message as SyncMessage;
}

describe("a school's sync message delivered twice", () => {
  it("after the first delivery finished: no request, registry and sheet unchanged", async () => {
    await writeCell(ADMIN, id, "联系方式", "移动电话", 2, "12345");
    await writeCell(ADMIN, id, "基本信息", "校长审核", 3, true);
    const message = await editAndPoll();
    expect(await consume(testEnv, [{ body: message, attempts: 1 }])).toEqual({
      acked: 1,
      retried: [],
    });
    const before = await state();
    expect(before.sheet.基本信息?.[2]).toContain("已审核待复核");
    const made = await requestsDuring(sa.client_email, async () => {
      expect(await consume(testEnv, [{ body: message, attempts: 2 }])).toEqual({
        acked: 1,
        retried: [],
      });
    });
    expect(made).toEqual({});
    expect(await state()).toEqual(before);
  });

  it("after a crash that lost its bookkeeping: one read, no write, registry and sheet unchanged", async () => {
    await writeCell(ADMIN, id, "联系方式", "移动电话", 2, "13807301000");
    await writeCell(ADMIN, id, "联系方式", "校长审核", 3, true);
    const message = await editAndPoll();
    const synced = await testEnv.DB.prepare("SELECT * FROM spreadsheets WHERE spreadsheet_id = ?")
      .bind(id)
      .first<Record<string, unknown>>();
    expect(await consume(testEnv, [{ body: message, attempts: 1 }])).toEqual({
      acked: 1,
      retried: [],
    });
    // The crash: the write-back happened, recordSpreadsheetSynced did not.
    await testEnv.DB.prepare(
      "UPDATE spreadsheets SET synced_version = ?, own_write_version = ?, synced_at = ? WHERE spreadsheet_id = ?",
    )
      .bind(synced?.synced_version, synced?.own_write_version, synced?.synced_at, id)
      .run();
    const before = await state();
    expect(before.sheet.联系方式?.[2]).toContain("已审核待复核");
    const made = await requestsDuring(sa.client_email, async () => {
      expect(await consume(testEnv, [{ body: message, attempts: 2 }])).toEqual({
        acked: 1,
        retried: [],
      });
    });
    expect(made).toEqual({ "sheets.spreadsheets.values.batchGetByDataFilter": 1 });
    const after = await state();
    expect(after.sheet).toEqual(before.sheet);
    expect(after.registry).toEqual(before.registry);
  });
});
