/**
 * Benchmark 5 (issue 10): a peer's way of reading a school. google-spreadsheet, the common
 * row-oriented Node library, reads a spreadsheet with `loadInfo()` and then one `getRows()` per
 * tab; the worker reads all tabs with one `values.batchGet`. Both read the same 14-tab
 * spreadsheet as benchmark 2, through the emulator, which counts their requests: how many
 * requests (and so how much quota) and how much time a changed school costs either way.
 *
 * google-spreadsheet talks to Google's URL; its `sheetsApi` (a public ky instance, meant for
 * calls the library lacks) is re-pointed at the emulator, keeping the library's auth hooks.
 * Version 5.2.0 is pinned: 5.3.0 needs ky 2, which needs Node 22, and this project runs Node 20.
 */
import { GoogleSpreadsheet } from "google-spreadsheet";
import { clientsFor, tokenFor } from "../lib/emulator-clients";
import type { Options } from "./args";
import { quoted, readStats, resetStats, withEmulator } from "./emulator";
import { benchTabs, createBenchSpreadsheet } from "./emulator-read";
import { fixed, sample, summarize } from "./measure";
import { announce, type BenchResult } from "./result";

const OWNER = "bench-admin@huarong.example";
const WARMUP = 2;

export async function benchRowApi(options: Options): Promise<BenchResult> {
  const tabs = benchTabs(options);
  return withEmulator(async (emulator) => {
    const { sheets } = await clientsFor(emulator.url, OWNER);
    const spreadsheetId = await createBenchSpreadsheet(sheets, tabs);
    const expectedRows = tabs.reduce((sum, tab) => sum + tab.rows.length - 1, 0);
    const bound = { runs: options.readRuns, limitMs: options.loopLimitMs, warmup: WARMUP };

    const peer = new GoogleSpreadsheet(spreadsheetId, {
      token: await tokenFor(emulator.url, OWNER),
    });
    // `sheetsApi` is typed readonly; replacing it is the library's only way to another host.
    Object.assign(peer, {
      sheetsApi: peer.sheetsApi.extend({
        prefixUrl: `${emulator.url}/v4/spreadsheets/${spreadsheetId}`,
      }),
    });
    await resetStats(emulator);
    const peerTimes = await sample(bound, async () => {
      await peer.loadInfo();
      let rows = 0;
      for (const sheet of peer.sheetsByIndex) rows += (await sheet.getRows()).length;
      if (rows !== expectedRows)
        throw new Error(`google-spreadsheet 读回 ${rows} 行，应为 ${expectedRows} 行`);
    });
    const peerRequests = (await readStats(emulator)).total / (peerTimes.wall.length + WARMUP);

    await resetStats(emulator);
    const ranges = tabs.map((tab) => quoted(tab.title));
    const oursTimes = await sample(bound, () =>
      sheets.spreadsheets.values.batchGet({
        spreadsheetId,
        ranges,
        valueRenderOption: "UNFORMATTED_VALUE",
      }),
    );
    const ourRequests = (await readStats(emulator)).total / (oursTimes.wall.length + WARMUP);

    const them = summarize(peerTimes.wall);
    const us = summarize(oursTimes.wall);
    return announce({
      title: `行接口对照 Row-API peer: google-spreadsheet 5.2.0 vs values.batchGet (${tabs.length} 标签页 tabs × ${options.tabRows} 行 rows)`,
      metrics: [
        {
          label: "google-spreadsheet loadInfo + getRows×标签页 per tab",
          value: `${fixed(peerRequests, 0)} 次请求 requests; 中位 median ${fixed(them.median)} ms, p95 ${fixed(them.p95)} ms (n=${them.n})`,
        },
        {
          label: "googleapis values.batchGet (worker 的读法 the worker's read)",
          value: `${fixed(ourRequests, 0)} 次请求 request(s); 中位 median ${fixed(us.median)} ms, p95 ${fixed(us.p95)} ms (n=${us.n})`,
        },
        {
          label: "每分钟可读学校数 schools per minute of one user's 60 reads",
          value: `${fixed(60 / peerRequests, 1)} vs ${fixed(60 / ourRequests, 0)}`,
        },
      ],
      numbers: {
        peerRequestsPerRead: peerRequests,
        peerMedianMs: them.median,
        peerP95Ms: them.p95,
        batchGetRequestsPerRead: ourRequests,
        batchGetMedianMs: us.median,
        batchGetP95Ms: us.p95,
      },
    });
  });
}
