/**
 * Business requests for the admin: `GET /business/requests` (JSON; `?format=csv` gives the
 * 业务台账 as CSV with Chinese headers and a BOM, formula-safe like /summary.csv), filtered by
 * `?school=` (either side), `?kind=` and `?state=`; `GET /business/requests/:id` with every step.
 * People are named by 教师编号, 姓名 and 参考码: the person key, an ID number or any digit of one
 * never leaves.
 */
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import {
  type BusinessEvent,
  eventsOf,
  logRequests,
  type RequestFilter,
} from "../adapters/store/business";
import { BUSINESS_KINDS, BUSINESS_STATES, KIND_LABELS, STATE_LABELS } from "../core/business/index";
import { type LogRequest, stepWords } from "../core/reports/business-log";
import { shippedCountyConfig } from "../core/templates/bundle";
import type { Env } from "../env";
import { businessLogData } from "../jobs/business-log";
import { chinaDate } from "../jobs/summary";
import { toCsv } from "./summary";

const Filter = z.object({
  school: z
    .string()
    .regex(/^\d{10}$/, "school 应为10位学校代码")
    .optional(),
  kind: z
    .enum(BUSINESS_KINDS, { error: `kind 应为 ${BUSINESS_KINDS.join(" / ")} 之一` })
    .optional(),
  state: z
    .enum(BUSINESS_STATES, { error: `state 应为 ${BUSINESS_STATES.join(" / ")} 之一` })
    .optional(),
  format: z.enum(["json", "csv"], { error: "format 应为 json 或 csv" }).optional(),
});

const RequestId = z.string().regex(/^YW\d{6}$/);

/** A request as the API shows it: labels added, the person key left out. */
function shown(request: LogRequest) {
  const { personKey: _, ...rest } = request;
  return {
    ...rest,
    kindLabel: KIND_LABELS[request.kind],
    stateLabel: STATE_LABELS[request.state],
  };
}

function shownEvent(request: LogRequest, event: BusinessEvent) {
  const { requestId: _, ...rest } = event;
  const { step, party, actor, decision } = stepWords(request.kind, event);
  return { ...rest, actor, step, partyLabel: party, decision };
}

export const business = new Hono<{ Bindings: Env }>()
  .get("/requests", async (c) => {
    const parsed = Filter.safeParse(c.req.query());
    if (!parsed.success)
      return c.json({ error: parsed.error.issues.map((issue) => issue.message).join("；") }, 400);
    const { format, ...filter } = parsed.data;
    const wanted: RequestFilter = filter;
    if (format === "csv") {
      const name = `${shippedCountyConfig.county.name}业务台账-${chinaDate(new Date())}.csv`;
      return c.body(toCsv(await businessLogData(c.env.DB, wanted)), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="business-requests.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      });
    }
    const requests = await logRequests(c.env.DB, wanted);
    return c.json({ requests: requests.map(shown) });
  })
  .get("/requests/:id", async (c) => {
    const id = RequestId.safeParse(c.req.param("id"));
    if (!id.success) throw new HTTPException(400, { message: "申请编号应为 YW 加6位数字" });
    const [request] = await logRequests(c.env.DB, { id: id.data });
    if (request === undefined)
      throw new HTTPException(404, { message: `没有申请编号为 ${id.data} 的业务申请` });
    const events = await eventsOf(c.env.DB, request.id);
    return c.json({
      request: shown(request),
      events: events.map((event) => shownEvent(request, event)),
    });
  });
