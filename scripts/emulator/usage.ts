/** What `npm run emulator -- --help` prints; apart from cli.ts, which starts the emulator when imported. */
export const USAGE = `用法：npm run emulator -- [选项]
  --port <n>               监听端口，0 表示随机（默认 8790）
  --host <地址>            监听地址（默认 127.0.0.1）
  --data <目录>            数据目录，重启后数据仍在（默认不落盘，只在内存）
  --read-per-user <n>      每人每分钟 Sheets 读请求上限（默认 60）
  --read-per-project <n>   全项目每分钟 Sheets 读请求上限（默认 300）
  --write-per-user <n>     每人每分钟 Sheets 写请求上限（默认 60）
  --write-per-project <n>  全项目每分钟 Sheets 写请求上限（默认 300）
  --drive-per-user <n>     每人每分钟 Drive 请求上限（默认 12000）
  --drive-per-project <n>  全项目每分钟 Drive 请求上限（默认 12000）
  --no-quotas              关闭配额
  --help                   显示本说明`;
