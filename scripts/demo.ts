import { rm } from "node:fs/promises";
import path from "node:path";
import { clientsFor } from "./lib/emulator-clients";
import { startStack } from "./lib/stack";

/**
 * `npm run demo`: start the embedded stack on a fresh state, create a school spreadsheet through
 * googleapis as the county administrator, share it with the worker's service account, and let
 * the worker find it and read it. Later issues grow this into the full review-chain walk-through.
 */
const stateDir = path.resolve(import.meta.dirname, "../.tmis/demo");
await rm(stateDir, { recursive: true, force: true });

const step = (n: number, text: string) => console.log(`\n【第 ${n} 步】${text}`);

step(1, "启动本地 Google 表格模拟器和 Worker");
const stack = await startStack({ stateDir });
console.log(`  模拟器：${stack.emulatorUrl}`);
console.log(`  Worker：${stack.workerUrl}`);

try {
  step(2, "县教育局管理员用 googleapis 创建一所学校的采集表");
  const admin = await clientsFor(stack.emulatorUrl, "admin@hrjy.example.cn");
  const created = await admin.sheets.spreadsheets.create({
    requestBody: {
      properties: { title: "华容县章华镇中心小学 教师信息采集表", locale: "zh_CN" },
      sheets: [{ properties: { title: "基本信息", gridProperties: { frozenRowCount: 1 } } }],
    },
  });
  const spreadsheetId = created.data.spreadsheetId ?? "";
  await admin.sheets.spreadsheets.values.update({
    spreadsheetId,
    range: "'基本信息'!A1",
    valueInputOption: "USER_ENTERED",
    requestBody: {
      values: [
        ["姓名", "性别", "出生日期", "参加工作年月"],
        ["李晓燕", "女", "1986-04-12", "2008-09"],
        ["王建国", "男", "1979-11-03", "2001-08"],
        ["刘芳", "女", "1992-02-20", "2014-09"],
      ],
    },
  });
  // Provisioning marks each school's spreadsheet so the worker knows which school it is.
  await admin.drive.files.update({
    fileId: spreadsheetId,
    requestBody: { appProperties: { tmisKind: "school", schoolCode: "4306230001" } },
  });
  await admin.drive.permissions.create({
    fileId: spreadsheetId,
    requestBody: {
      role: "writer",
      type: "user",
      emailAddress: stack.serviceAccountKey.client_email,
    },
  });
  console.log(`  已创建：${created.data.properties?.title}（${spreadsheetId}）`);
  console.log(`  已共享给 Worker 的服务账号 ${stack.serviceAccountKey.client_email}`);

  step(3, "触发一次同步：Worker 通过 Drive 发现变更，用一次 batchGet 读取全部工作表");
  const res = await fetch(`${stack.workerUrl}/api/sync`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminToken}` },
  });
  if (!res.ok) throw new Error(`同步失败：HTTP ${res.status} ${await res.text()}`);
  const result = (await res.json()) as {
    changed: number;
    synced: { title?: string; tabs?: { title: string; rows: number }[] }[];
  };
  console.log(`  发现变更的表格：${result.changed} 个`);
  for (const sheet of result.synced) {
    console.log(`  ${sheet.title}`);
    for (const tab of sheet.tabs ?? [])
      console.log(`    工作表「${tab.title}」：${tab.rows} 行数据`);
  }

  step(4, "再同步一次：没有变更时只花一次 Drive 请求");
  await fetch(`${stack.emulatorUrl}/__emulator/stats/reset`, { method: "POST" });
  const again = (await (
    await fetch(`${stack.workerUrl}/api/sync`, {
      method: "POST",
      headers: { authorization: `Bearer ${stack.adminToken}` },
    })
  ).json()) as { changed: number };
  const stats = (await (await fetch(`${stack.emulatorUrl}/__emulator/stats`)).json()) as {
    byMethod: Record<string, number>;
  };
  console.log(`  发现变更的表格：${again.changed} 个`);
  console.log(`  模拟器记录的请求：${JSON.stringify(stats.byMethod)}`);
  console.log("\n演示完成。");
} finally {
  await stack.stop();
}
