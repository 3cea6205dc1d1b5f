import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { isQuotaRefusal } from "./adapters/google/client";
import { loggableError, redactPath } from "./core/log/redact";
import type { Env } from "./env";
import { api } from "./routes/api";
import { health } from "./routes/health";
import { portal } from "./routes/portal/index";
import { slips } from "./routes/slips/index";

export const app = new Hono<{ Bindings: Env }>();

// Replies carry registry data (masked or not, it is about people): no browser or proxy keeps one.
app.use(async function noStore(c, next) {
  await next();
  c.header("cache-control", "no-store");
});

app.route("/healthz", health);
app.route("/api", api);
// The teacher portal (教师自助): its own pages and sessions, never the admin token.
app.route("/portal", portal);
// The school system admin's print page of account slips, opened by a capability link.
app.route("/slips", slips);

app.notFound((c) => c.json({ error: "没有这个接口" }, 404));

app.onError((err, c) => {
  if (err instanceof HTTPException) {
    // Our own 4xx carry a Chinese message; ones with a prepared response (401) keep it.
    if (err.res) return err.getResponse();
    return c.json({ error: err.message }, err.status);
  }
  if (isQuotaRefusal(err)) {
    // Google's per-minute quota is spent for now: the caller is asked to come back, not failed.
    c.header("retry-after", "60");
    return c.json({ error: "Google 配额本分钟已用完，请一分钟后再试" }, 503);
  }
  if (err instanceof ZodError) {
    return c.json({ error: "请求格式有误", issues: err.issues.map((i) => i.path.join(".")) }, 400);
  }
  // The cause goes to the log only: a message may quote Google's upstream text, which is no
  // business of the caller's, and personal data in it is redacted even there.
  console.error(
    JSON.stringify({
      event: "request_failed",
      path: redactPath(c.req.path),
      error: loggableError(err),
    }),
  );
  return c.json({ error: "服务器内部错误" }, 500);
});
