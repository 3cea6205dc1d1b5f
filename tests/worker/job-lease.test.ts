import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { runAlone } from "../../src/jobs/job-lease";

/** The credit-tab job of one tick never overlaps the previous tick's, still running. */
describe("a cron job under its lease", () => {
  it("a second run while the first works does nothing and says busy; afterwards one runs again", async () => {
    let runs = 0;
    let finish: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const first = runAlone(env.DB, "credit-tabs", new Date(), async () => {
      runs += 1;
      await slow;
      return { status: "written" as const };
    });
    // The next tick, while the first is still writing.
    await new Promise((r) => setTimeout(r, 50));
    const second = await runAlone(env.DB, "credit-tabs", new Date(), async () => {
      runs += 1;
      return { status: "written" as const };
    });
    expect(second).toEqual({ status: "busy" });
    finish();
    expect(await first).toEqual({ status: "written" });
    expect(runs).toBe(1);
    // Released at the end: the tick after runs.
    const third = await runAlone(env.DB, "credit-tabs", new Date(), async () => ({ ran: true }));
    expect(third).toEqual({ ran: true });
  });
});
