/**
 * Signed requests to AWS services: Signature Version 4 on node:crypto, and fetch. The functions call
 * two services (DynamoDB, and Lambda for one admin call) with one signed POST each; the SDK's
 * clients, and even its signer (which pulls in @smithy/core's protocol code), would add hundreds of
 * KB to every cold start for that. test/aws/sign.test.ts checks the signatures against the SDK's
 * own signer.
 */
import { createHash, createHmac } from "node:crypto";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/**
 * The credentials the Lambda runtime puts in the function's environment (also what a local run
 * against DynamoDB Local sets). Profiles and SSO are for tools run from a workstation; no code
 * path here needs them.
 */
export async function environmentCredentials(): Promise<Credentials> {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error("No AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)");
  return { accessKeyId, secretAccessKey, sessionToken };
}

export interface AwsService {
  service: string;
  region: string;
  /** The service's URL: the regional endpoint, or a local one such as DynamoDB Local. */
  url: URL;
  credentials: () => Promise<Credentials>;
}

const sha256 = (data: string) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
/** RFC 3986 escaping, as SigV4 wants for each path segment. */
const escape = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Signature Version 4 headers for a POST without a query string: `x-amz-date`, the payload's hash,
 * the session token when there is one, and `authorization`, over every header given (names lower-case).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export function signPost(
  req: { service: string; region: string; path: string; headers: Record<string, string>; body: string },
  credentials: Credentials,
  now = new Date(),
): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, ""); // 20261205T235959Z
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(req.body);
  // The payload's hash is sent as a header too, as the SDK's signer does.
  const headers: Record<string, string> = { ...req.headers, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(";");
  const canonicalRequest = [
    "POST",
    // Services other than S3 escape the path's segments once more, already escaped as they are.
    req.path.split("/").map(escape).join("/"),
    "",
    ...names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, " ")}`),
    "",
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${req.region}/${req.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), req.region), req.service), "aws4_request");
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return { ...headers, authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}` };
}

export type SignedPost = (path: string, headers: Record<string, string>, body: string, signal?: AbortSignal) => Promise<Response>;

/** POSTs to one service, each request signed. */
export function signedPoster(to: AwsService): SignedPost {
  const { protocol, host } = to.url;
  return async (path, headers, body, signal) => {
    const signed = signPost({ service: to.service, region: to.region, path, headers: { ...headers, host }, body }, await to.credentials());
    return fetch(`${protocol}//${host}${path}`, { method: "POST", headers: signed, body, signal });
  };
}
