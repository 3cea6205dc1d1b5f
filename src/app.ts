import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import type { Env } from "./env";
import { api } from "./routes/api";
import { health } from "./routes/health";

export const app = new Hono<{ Bindings: Env }>();

app.route("/healthz", health);
app.route("/api", api);

app.notFound((c) => c.json({ error: "没有这个接口" }, 404));

app.onError((err, c) => {
  if (err instanceof HTTPException) {
    // Our own 4xx carry a Chinese message; ones with a prepared response (401) keep it.
    if (err.res) return err.getResponse();
    return c.json({ error: err.message }, err.status);
  }
  if (err instanceof ZodError) {
    return c.json({ error: "请求格式有误", issues: err.issues.map((i) => i.path.join(".")) }, 400);
  }
  // Messages of our own errors carry ids and HTTP statuses, never cell contents.
  console.error(JSON.stringify({ event: "request_failed", path: c.req.path, error: err.message }));
  return c.json({ error: "服务器内部错误", detail: err.message }, 500);
});
