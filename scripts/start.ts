import { startStack, stopOnSignals } from "./lib/stack";

/** `npm start`: the emulator and the worker, wired together, until Ctrl-C. */
const stack = await startStack({
  emulatorPort: Number(process.env.EMULATOR_PORT ?? 8790),
  workerPort: Number(process.env.WORKER_PORT ?? 8787),
});

console.log(`Google Sheets/Drive 模拟器：${stack.emulatorUrl}`);
console.log(`本地 Worker（wrangler dev）：${stack.workerUrl}`);
console.log(
  `教师自助（手机浏览器打开，教师编号和初始密码在各校「教师账号」表）：${stack.workerUrl}/portal/`,
);
console.log(`健康检查：curl ${stack.workerUrl}/healthz`);
console.log(
  `管理令牌保存在 ${stack.stateDir}/admin-token；Worker 日志：${stack.stateDir}/worker.log`,
);
console.log("按 Ctrl-C 停止。");
stopOnSignals(() => stack.stop());
