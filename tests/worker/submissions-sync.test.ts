/**
 * Teachers' portal submissions written by the school's sync, in workerd against the emulator: a
 * school with submissions and no sheet change is synced (the poll forces it, still one Drive
 * listing), all its submissions go into the one batchUpdate of that sync (no extra request), a
 * new row lands below the others and a correction on the effective row, both 待审核 with the
 * teacher's note and the 校长审核 box unticked; a redelivered message writes nothing twice, and
 * the principal's tick then takes them on through the normal chain.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { idCryptoFromEnv } from "../../src/adapters/crypto/index";
import { loadSchoolRegistry } from "../../src/adapters/store/registry";
import { queueSubmission } from "../../src/adapters/store/submissions";
import type { RecordValues } from "../../src/core/sync/model";
import { templateFor } from "../../src/core/templates";
import { shippedTemplates } from "../../src/core/templates/bundle";
import type { Env } from "../../src/env";
import type { SyncMessage } from "../../src/jobs/messages";
import { sheetRows, validTabs } from "../core/validate/fixture";
import {
  asUser,
  emulatorUrl,
  envFor,
  registerServiceAccount,
  requestsByFileDuring,
  requestsDuring,
  type ServiceAccount,
} from "./support/emulator";
import { consume, headersOf, poll, readSheet, writeCell } from "./support/schools";

const ADMIN = "tijiao-admin@hrjy.example.cn";
const SCHOOL = {
  code: "4306230079",
  name: "华容县自助提交测试小学",
  category: "primary_secondary",
} as const;
const TAB = "学习经历";

let sa: ServiceAccount;
let testEnv: Env;
let spreadsheetId = "";
let teacherNumber = "";
let recordId = "";
let effective: RecordValues = {};
let firstMessage: SyncMessage[] = [];

const column = (header: string) => headersOf(TAB).indexOf(header);

async function education(): Promise<string[][]> {
  return (await readSheet(ADMIN, spreadsheetId, [TAB]))[TAB] ?? [];
}

async function cycle() {
  const sent = await poll(testEnv);
  await consume(
    testEnv,
    sent.map((body) => ({ body, attempts: 1 })),
  );
  return sent;
}

async function submit(values: RecordValues, correcting: string | null) {
  return queueSubmission(
    testEnv.DB,
    await idCryptoFromEnv(testEnv),
    {
      teacherNumber,
      schoolCode: SCHOOL.code,
      section: "education",
      recordId: correcting,
      values,
    },
    new Date().toISOString(),
  );
}

async function submission(id: string) {
  return testEnv.DB.prepare("SELECT written_at, outcome FROM teacher_submissions WHERE id = ?")
    .bind(id)
    .first<{ written_at: string | null; outcome: string | null }>();
}

beforeAll(async () => {
  sa = await registerServiceAccount("submissions-sync");
  testEnv = envFor(sa);
  const sections = templateFor(shippedTemplates, SCHOOL.category);
  const created = await asUser<{ spreadsheetId: string }>(ADMIN, "POST", "v4/spreadsheets", {
    properties: { title: SCHOOL.name },
    sheets: sections.map((s) => ({ properties: { title: s.title } })),
  });
  spreadsheetId = created.spreadsheetId;
  const tabs = validTabs();
  await asUser(ADMIN, "POST", `v4/spreadsheets/${spreadsheetId}/values:batchUpdate`, {
    valueInputOption: "RAW",
    data: sections.map((s) => ({
      range: `'${s.title}'!A1`,
      values: sheetRows(SCHOOL.category, s.title, tabs[s.title] ?? []),
    })),
  });
  await asUser(ADMIN, "PATCH", `drive/v3/files/${spreadsheetId}`, {
    appProperties: {
      tmisKind: "school",
      schoolCode: SCHOOL.code,
      schoolName: SCHOOL.name,
      schoolCategory: SCHOOL.category,
    },
  });
  await asUser(ADMIN, "POST", `drive/v3/files/${spreadsheetId}/permissions`, {
    role: "writer",
    type: "user",
    emailAddress: sa.client_email,
  });
  await cycle();
  // 张伟 is effective (as after the county's recheck of 基本信息): the principal's tick alone
  // puts their 学习经历 row in force.
  const zhang = await testEnv.DB.prepare(
    "UPDATE teachers SET effective = 1 WHERE name = '张伟' RETURNING teacher_number",
  ).first<{ teacher_number: string }>();
  teacherNumber = zhang?.teacher_number ?? "";
  await writeCell(ADMIN, spreadsheetId, TAB, "校长审核", 2, true);
  await cycle();
  const rows = await education();
  expect(rows[1]?.[column("审核状态")]).toBe("已生效");
  recordId = rows[1]?.[column("记录编号")] ?? "";
  const registry = await loadSchoolRegistry(
    testEnv.DB,
    SCHOOL.code,
    [],
    await idCryptoFromEnv(testEnv),
  );
  effective = registry?.records.get(recordId)?.effective?.values ?? {};
  expect(effective.eduInstitution).toBe("湖南师范大学");
});

describe("portal submissions in the school's sync", { timeout: 30_000 }, () => {
  let correction = "";
  let added = "";

  it("a school with submissions and no sheet change is synced, all of them in its one write", async () => {
    const before = await education();
    correction = await submit({ ...effective, eduInstitution: "湖南大学" }, recordId);
    added = await submit(
      {
        ...effective,
        major: "课程与教学论",
        enrolDate: "2010-09",
        graduationDate: "2013-06",
        degreeDate: "2013-06",
      },
      null,
    );
    const made = await requestsDuring(sa.client_email, async () => {
      firstMessage = await poll(testEnv);
    });
    expect(made).toEqual({ "drive.files.list": 1 });
    expect(firstMessage).toMatchObject([
      { kind: "school", spreadsheetId, school: { code: SCHOOL.code }, force: true },
    ]);
    const cost = await requestsByFileDuring(sa.client_email, () =>
      consume(
        testEnv,
        firstMessage.map((body) => ({ body, attempts: 1 })),
      ),
    );
    // The sync's own read, guard re-read and write: the submissions added no request.
    expect(cost).toEqual({
      [spreadsheetId]: {
        "sheets.spreadsheets.values.batchGetByDataFilter": 2,
        "sheets.spreadsheets.batchUpdate": 1,
      },
    });
    const rows = await education();
    expect(rows).toHaveLength(before.length + 1);
    const fixed = rows[1] ?? [];
    expect(fixed[column("获得学历的院校或机构")]).toBe("湖南大学");
    expect(fixed[column("所学专业")]).toBe(before[1]?.[column("所学专业")]);
    expect(fixed[column("审核状态")]).toBe("待审核");
    expect(fixed[column("校长审核")]).toBe("FALSE");
    expect(fixed[column("记录编号")]).toBe(recordId);
    const fresh = rows[rows.length - 1] ?? [];
    expect(fresh[column("姓名")]).toBe("张伟");
    expect(fresh[column("所学专业")]).toBe("课程与教学论");
    expect(fresh[column("校验结果")]).toBe(fixed[column("校验结果")]);
    expect(fresh[column("审核状态")]).toBe("待审核");
    expect(fresh[column("记录编号")]).toMatch(/^R[0-9A-Z]{11}$/);
    const notes = await asUser<{
      sheets: { data: { rowData?: { values?: { note?: string }[] }[] }[] }[];
    }>(
      ADMIN,
      "GET",
      `v4/spreadsheets/${spreadsheetId}?includeGridData=true&ranges=${encodeURIComponent(`'${TAB}'`)}&fields=${encodeURIComponent("sheets.data.rowData.values.note")}`,
    );
    const rowData = notes.sheets[0]?.data[0]?.rowData ?? [];
    for (const row of [1, rows.length - 1])
      expect(rowData[row]?.values?.[column("记录编号")]?.note).toMatch(
        /^教师本人于 \d{4}-\d\d-\d\d \d\d:\d\d 通过自助系统提交/,
      );
    expect((await submission(correction))?.outcome).toBe("written");
    expect((await submission(added))?.outcome).toBe("written");
  });

  it("a redelivered message writes nothing twice, and the next idle cycle is one listing", async () => {
    const before = await education();
    await consume(
      testEnv,
      firstMessage.map((body) => ({ body, attempts: 2 })),
    );
    expect(await education()).toEqual(before);
    let sent: SyncMessage[] = [];
    const made = await requestsDuring(sa.client_email, async () => {
      sent = await poll(testEnv);
    });
    expect(made).toEqual({ "drive.files.list": 1 });
    expect(sent.filter((m) => m.kind === "school" && m.force === true)).toEqual([]);
  });

  it("the principal's tick takes them on: the correction to 变更待审批, the new row into force", async () => {
    const rows = await education();
    await writeCell(ADMIN, spreadsheetId, TAB, "校长审核", 2, true);
    await writeCell(ADMIN, spreadsheetId, TAB, "校长审核", rows.length, true);
    await cycle();
    const after = await education();
    expect(after[1]?.[column("审核状态")]).toBe("变更待审批");
    expect(after[after.length - 1]?.[column("审核状态")]).toBe("已生效");
    const events = await testEnv.DB.prepare(
      "SELECT kind FROM review_events WHERE record_id = ? AND actor = 'teacher'",
    )
      .bind(recordId)
      .all<{ kind: string }>();
    expect(events.results.map((e) => e.kind)).toEqual(["edited"]);
  });

  it("a failed write is redone by the next sync, once; a cell the school typed since is kept", async () => {
    const rows = await education();
    const other = rows.length;
    const base = rows[other - 1] ?? [];
    // The school changes 学位名称 of the new (now effective) row; the teacher, who saw the old
    // one, corrects 学位名称 and 学习方式 of that row.
    await writeCell(ADMIN, spreadsheetId, TAB, "学位名称", other, "教育学硕士");
    const registry = await loadSchoolRegistry(
      testEnv.DB,
      SCHOOL.code,
      [],
      await idCryptoFromEnv(testEnv),
    );
    const target = base[column("记录编号")] ?? "";
    const values = registry?.records.get(target)?.effective?.values ?? {};
    const id = await submit({ ...values, degreeName: "文学硕士", major: "比较教育学" }, target);
    const fault = (config: Record<string, unknown>) =>
      fetch(`${emulatorUrl}/__emulator/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(config),
      });
    const sent = await poll(testEnv);
    await fault({
      errorRate: 1,
      statuses: [500],
      methods: ["sheets.spreadsheets.batchUpdate"],
      identities: [sa.client_email],
    });
    // One attempt: the write fails at once, after the registry was committed.
    const failed = await consume(
      { ...testEnv, GOOGLE_RETRY_ATTEMPTS: "1" } as Env,
      sent.map((body) => ({ body, attempts: 1 })),
    );
    await fault({});
    expect(failed.retried.length).toBeGreaterThan(0);
    expect((await submission(id))?.outcome).toBeNull();
    await consume(testEnv, failed.retried);
    await consume(testEnv, failed.retried);
    const after = await education();
    expect(after).toHaveLength(other);
    const row = after[other - 1] ?? [];
    expect(row[column("所学专业")]).toBe("比较教育学");
    expect(row[column("学位名称")]).toBe("教育学硕士");
    expect((await submission(id))?.outcome).toBe("written");
  });

  it("a correction whose row is gone is set aside, and the poll stops forcing the school", async () => {
    // A record no 学习经历 row shows (张伟's 联系方式 row): as if the school deleted the row.
    const [header = [], ...rows] =
      (await readSheet(ADMIN, spreadsheetId, ["联系方式"])).联系方式 ?? [];
    const elsewhere = rows[0]?.[header.indexOf("记录编号")] ?? "";
    const id = await submit(effective, elsewhere);
    const sent = await poll(testEnv);
    expect(sent).toMatchObject([{ kind: "school", spreadsheetId, force: true }]);
    const before = await education();
    await consume(
      testEnv,
      sent.map((body) => ({ body, attempts: 1 })),
    );
    expect(await education()).toEqual(before);
    expect((await submission(id))?.outcome).toBe("dropped");
    expect(await poll(testEnv)).toEqual([]);
  });
});
