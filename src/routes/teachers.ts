import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { z } from "zod";
import { teacherByNumber } from "../adapters/store/registry-accounts";
import type { Env } from "../env";

const TeacherNumber = z.string().regex(/^430623\d{6}$/);

/**
 * `GET /api/teachers/:number`: one teacher's school and records. The ID number only ever leaves
 * as its keyed reference (参考码3F9A7C21, no digit of the ID); phones and addresses not at all.
 */
export const teachers = new Hono<{ Bindings: Env }>().get("/:number", async (c) => {
  const number = TeacherNumber.safeParse(c.req.param("number"));
  if (!number.success) {
    throw new HTTPException(400, { message: "教师编号应为 430623 加6位数字" });
  }
  const teacher = await teacherByNumber(c.env.DB, number.data);
  if (!teacher) throw new HTTPException(404, { message: `没有编号为 ${number.data} 的教师` });
  return c.json({ teacher });
});
