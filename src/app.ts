import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { Env } from "./env";
import { admin } from "./routes/admin";
import { health } from "./routes/health";

export const app = new Hono<{ Bindings: Env }>();

app.route("/healthz", health);
app.route("/api", admin);

app.notFound((c) => c.json({ error: "没有这个接口" }, 404));

app.onError((err, c) => {
  if (err instanceof HTTPException) return err.getResponse();
  if (err instanceof ZodError) {
    return c.json({ error: "请求格式有误", issues: err.issues.map((i) => i.path.join(".")) }, 400);
  }
  // Messages of our own errors carry ids and HTTP statuses, never cell contents.
  console.error(JSON.stringify({ event: "request_failed", path: c.req.path, error: err.message }));
  return c.json({ error: "服务器内部错误", detail: err.message }, 500);
});
