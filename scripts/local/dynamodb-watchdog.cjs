// Runs DynamoDB Local as this process's child and ends it with the server that started us: when
// the server's pipe to our stdin closes (it exited, even by SIGKILL or a crash) or on a signal.
// Plain CommonJS so it starts in milliseconds with `node` alone.
const { spawn } = require("node:child_process");

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
// The first line tells the parent the engine's own pid (to freeze it in fault tests, or to report it).
process.stdout.write(`dynamodb-local-pid ${child.pid}\n`);

let ending = false;
function end() {
  if (ending) return;
  ending = true;
  child.kill("SIGTERM");
  setTimeout(() => child.kill("SIGKILL"), 3000).unref();
}
process.stdin.on("end", end);
process.stdin.on("error", end);
process.stdin.resume();
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(signal, end);
child.on("error", (err) => {
  console.error(`could not start ${command}: ${err.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
