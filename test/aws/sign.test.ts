import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SignatureV4 } from "@smithy/signature-v4";
import { signPost } from "../../functions/aws/sign.js";

/** The SDK's signer on node:crypto, the reference the functions' own signer must agree with. */
class Sha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash("sha256") : createHmac("sha256", secret instanceof ArrayBuffer ? new Uint8Array(secret) : (secret as string | Uint8Array));
  }
  update(data: Uint8Array | string) {
    this.hash.update(data);
  }
  async digest() {
    return new Uint8Array(this.hash.digest());
  }
  reset() {}
}

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const now = new Date("2026-12-05T23:59:58.123Z");

async function reference(service: string, region: string, path: string, headers: Record<string, string>, body: string, creds: typeof credentials & { sessionToken?: string }) {
  const signer = new SignatureV4({ service, region, credentials: creds, sha256: Sha256 });
  const signed = await signer.sign({ method: "POST", protocol: "https:", hostname: headers.host, path, headers, body }, { signingDate: now });
  return Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe("signPost", () => {
  const cases: Array<{ name: string; service: string; region: string; path: string; headers: Record<string, string>; body: string; sessionToken?: string }> = [
    {
      name: "a DynamoDB call",
      service: "dynamodb",
      region: "eu-central-1",
      path: "/",
      headers: { host: "dynamodb.eu-central-1.amazonaws.com", "content-type": "application/x-amz-json-1.0", "x-amz-target": "DynamoDB_20120810.GetItem" },
      body: JSON.stringify({ TableName: "t", Key: { pk: { S: "article#Ünïcode ✓" } } }),
    },
    {
      name: "a Lambda invocation with an escaped name in its path and a session token",
      service: "lambda",
      region: "us-east-1",
      path: `/2015-03-31/functions/${encodeURIComponent("arn:aws:lambda:us-east-1:123:function:app-Reindex")}/invocations`,
      headers: { host: "lambda.us-east-1.amazonaws.com", "content-type": "application/json", "x-amz-invocation-type": "Event" },
      body: JSON.stringify({ jobId: "j 1" }),
      sessionToken: "FQoGZXIvYXdzEJr//////////wEaDOdNx",
    },
    { name: "an empty body and padded header values", service: "dynamodb", region: "us-west-2", path: "/", headers: { host: "localhost:8000", "x-amz-target": "  DynamoDB_20120810.ListTables  " }, body: "" },
  ];
  for (const c of cases) {
    it(`signs ${c.name} exactly as the SDK's SignatureV4`, async () => {
      const creds = { ...credentials, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) };
      const ours = signPost({ service: c.service, region: c.region, path: c.path, headers: c.headers, body: c.body }, creds, now);
      const theirs = await reference(c.service, c.region, c.path, c.headers, c.body, creds);
      expect(ours.authorization).toBe(theirs.authorization);
      expect(ours["x-amz-date"]).toBe("20261205T235958Z");
      expect(ours["x-amz-security-token"]).toBe(c.sessionToken);
    });
  }

  it("changes the signature when the body, the target or the key changes", () => {
    const base = { service: "dynamodb", region: "us-east-1", path: "/", headers: { host: "h", "x-amz-target": "DynamoDB_20120810.GetItem" }, body: "{}" };
    const sig = (r: typeof base, c = credentials) => signPost(r, c, now).authorization;
    const original = sig(base);
    expect(sig({ ...base, body: "{ }" })).not.toBe(original);
    expect(sig({ ...base, headers: { ...base.headers, "x-amz-target": "DynamoDB_20120810.DeleteItem" } })).not.toBe(original);
    expect(sig(base, { ...credentials, secretAccessKey: "other" })).not.toBe(original);
  });
});
