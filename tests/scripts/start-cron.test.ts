/**
 * `npm start` syncs on its own: the stack started as `npm start` starts it (with a short tick),
 * one example school provisioned, a teacher typed by its info admin, and nobody calling
 * `POST /api/sync` — the cron's next tick writes 审核状态 into the row.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { basicRow, demoPeople } from "../../scripts/demo/people";
import { clientsFor } from "../../scripts/lib/emulator-clients";
import { type RunningStart, startLikeProduction } from "../../scripts/lib/npm-start";
import { readTab, typeRows } from "../../scripts/lib/school-sheet";
import { provision } from "../../scripts/provision/provision";
import { shippedCountyConfig, shippedTemplates } from "../../src/core/templates/bundle";
import { parseSchoolsCsv, type School } from "../../src/core/templates/index";

const TICK_SECONDS = 8;
const CODE = "4306230002";

let stateDir: string;
let running: RunningStart;
const printed: string[] = [];

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(tmpdir(), "tmis-start-cron-"));
  running = await startLikeProduction(
    {
      stateDir,
      emulatorPort: 0,
      workerPort: 0,
      tick: { seconds: TICK_SECONDS, cron: "*/2 * * * *", from: "--tick" },
    },
    (line) => printed.push(line),
  );
}, 120_000);

afterAll(async () => {
  await running?.stop();
  await rm(stateDir, { recursive: true, force: true });
});

async function exampleSchool(): Promise<School> {
  const csv = await readFile("sheet-templates/examples/huarong-schools.csv", "utf8");
  const parsed = parseSchoolsCsv(csv, shippedTemplates.codeTables);
  const school = parsed.ok ? parsed.value.find((s) => s.code === CODE) : undefined;
  if (school === undefined) throw new Error(`no example school ${CODE}`);
  return school;
}

/** The 审核状态 of row 2 once it is written, or "" if `ms` pass first. */
async function statusWithin(read: () => Promise<string[][]>, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const [header = [], row = []] = await read();
    const status = row[header.indexOf("审核状态")] ?? "";
    if (status !== "" || Date.now() > deadline) return status;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

describe("npm start", () => {
  it("prints the local sheets, the portal and how it syncs at once", () => {
    const all = printed.join("\n");
    expect(all).toContain(`本地表格（浏览器打开）：${running.stack.emulatorUrl}/`);
    expect(all).toContain(`${running.stack.workerUrl}/portal/`);
    expect(all).toContain(`每 ${TICK_SECONDS} 秒自动同步一次`);
  });

  it("syncs an edited school within one tick without an API call", async () => {
    const { stack } = running;
    const school = await exampleSchool();
    const admin = await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn");
    const made = await provision({
      clients: admin,
      schools: [school],
      templates: shippedTemplates,
      county: shippedCountyConfig,
      serviceAccount: stack.serviceAccountKey.client_email,
    });
    const sheet = made.find((m) => m.kind === "school" && m.school?.code === CODE)?.outcome;
    if (!sheet?.ok) throw new Error("school spreadsheet not provisioned");
    const entry = await clientsFor(stack.emulatorUrl, school.infoAdmins[0] ?? "");
    const [person] = demoPeople(1, 2026);
    if (person === undefined) throw new Error("no demo person");
    await typeRows(entry, sheet.spreadsheetId, "基本信息", [basicRow(person, school.category)]);
    const typedAt = Date.now();

    // The next tick may start while the edit lands and miss it; the one after cannot.
    const status = await statusWithin(
      () => readTab(entry, sheet.spreadsheetId, "基本信息"),
      2 * TICK_SECONDS * 1_000 + 20_000,
    );
    expect(status).not.toBe("");
    expect(Date.now() - typedAt).toBeLessThan(2 * TICK_SECONDS * 1_000 + 20_000);
    // The tick's line is printed once its queued syncs report back; on a loaded machine that
    // can be the line of the tick after the one that wrote the status.
    const reported = () => printed.some((line) => /定时同步：.*同步了 1 所学校/.test(line));
    for (const end = Date.now() + 2 * TICK_SECONDS * 1_000; !reported() && Date.now() < end; )
      await new Promise((resolve) => setTimeout(resolve, 250));
    expect(reported()).toBe(true);
    const log = await readFile(path.join(stateDir, "worker.log"), "utf8");
    expect(log).not.toContain("/api/sync");
  }, 120_000);
});
