import { GoogleSpreadsheet } from "google-spreadsheet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OWNER, startTestEmulator, type TestEmulator } from "./helpers";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(() => t.stop());

/** google-spreadsheet 5, aimed at the emulator through its public ky instance. */
async function peerClient(spreadsheetId: string): Promise<GoogleSpreadsheet> {
  const doc = new GoogleSpreadsheet(spreadsheetId, { token: await t.token(OWNER) });
  Object.assign(doc, {
    sheetsApi: doc.sheetsApi.extend({ prefixUrl: `${t.url}/v4/spreadsheets/${spreadsheetId}` }),
  });
  return doc;
}

describe("google-spreadsheet 5 (a peer client) against the emulator", () => {
  it("loads the spreadsheet (GET with a trailing slash), reads rows and appends one", async () => {
    const sheets = await t.sheets(OWNER);
    const created = await sheets.spreadsheets.create({
      requestBody: { properties: { title: "同行" }, sheets: [{ properties: { title: "名单" } }] },
    });
    const id = created.data.spreadsheetId ?? "";
    await sheets.spreadsheets.values.update({
      spreadsheetId: id,
      range: "名单!A1:B2",
      valueInputOption: "RAW",
      requestBody: {
        values: [
          ["姓名", "学校"],
          ["张三", "一中"],
        ],
      },
    });

    const doc = await peerClient(id);
    await doc.loadInfo();
    expect(doc.title).toBe("同行");
    const sheet = doc.sheetsByIndex[0];
    if (!sheet) throw new Error("no tab 名单");
    expect((await sheet.getRows()).map((row) => row.toObject())).toEqual([
      { 姓名: "张三", 学校: "一中" },
    ]);
    await sheet.addRow({ 姓名: "李四", 学校: "二中" });
    const read = await sheets.spreadsheets.values.get({ spreadsheetId: id, range: "名单!A3:B3" });
    expect(read.data.values).toEqual([["李四", "二中"]]);
  });
});
