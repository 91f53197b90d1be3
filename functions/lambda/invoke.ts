/**
 * Starts another function asynchronously (Lambda's `Event` invocation): one signed POST. Written on
 * the SDK's own signer, already in the bundle for DynamoDB, instead of @aws-sdk/client-lambda,
 * which would add 70 KB and its init to every cold start of the API for one admin call.
 */
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

/** node:crypto behind the signer's Checksum interface (HMAC when given a secret). */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    const key = secret instanceof ArrayBuffer ? new Uint8Array(secret) : secret;
    this.hash = key === undefined ? createHash("sha256") : createHmac("sha256", key as string | NodeJS.ArrayBufferView);
  }
  update(data: Uint8Array | string): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    throw new Error("not supported");
  }
}

/** The function's own credentials, which the Lambda runtime puts in its environment. */
function environmentCredentials() {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials in the environment to invoke a function with");
  return { accessKeyId, secretAccessKey, sessionToken };
}

/** `endpoint` replaces the regional one (tests). Resolves once Lambda has accepted the event (202). */
export async function invokeAsync(opts: { region: string; functionName: string; payload: unknown; timeoutMs?: number; endpoint?: string }): Promise<void> {
  const host = opts.endpoint ? new URL(opts.endpoint).host : `lambda.${opts.region}.amazonaws.com`;
  const protocol = opts.endpoint ? new URL(opts.endpoint).protocol : "https:";
  const signer = new SignatureV4({ service: "lambda", region: opts.region, credentials: async () => environmentCredentials(), sha256: Sha256 });
  const body = JSON.stringify(opts.payload);
  const signed = await signer.sign({
    method: "POST",
    protocol,
    hostname: host,
    path: `/2015-03-31/functions/${encodeURIComponent(opts.functionName)}/invocations`,
    headers: { host, "content-type": "application/json", "x-amz-invocation-type": "Event" },
    body,
  });
  const res = await fetch(`${protocol}//${host}${signed.path}`, {
    method: "POST",
    headers: signed.headers as Record<string, string>,
    body,
    signal: AbortSignal.timeout(opts.timeoutMs ?? 5000),
  });
  // 202: accepted for an asynchronous run.
  if (res.status !== 202) throw new Error(`Invoking ${opts.functionName} failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
}
