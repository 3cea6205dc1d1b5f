import { Hono } from "hono";
import { markSignedIn } from "../adapters/store/registry-accounts";
import type { Env } from "../env";

const TEACHER_NUMBER = /^430623\d{6}$/;

/**
 * `POST /api/teachers/:number/signed-in` (guarded with the rest of /api): the teacher has signed in, so their
 * initial password stops being shown. Its cell in the school's account spreadsheet is blanked by the next sync of their school
 * or, failing that, by the daily run. The answer never carries the password.
 */
export const accounts = new Hono<{ Bindings: Env }>().post(
  "/teachers/:number/signed-in",
  async (c) => {
    const number = c.req.param("number");
    if (!TEACHER_NUMBER.test(number))
      return c.json({ error: "教师编号应为 430623 加 6 位数字" }, 400);
    if (!(await markSignedIn(c.env.DB, number, new Date().toISOString())))
      return c.json({ error: "没有这个教师编号" }, 404);
    return c.json({ teacherNumber: number, passwordCleared: true });
  },
);
