/**
 * Starts another function asynchronously (Lambda's `Event` invocation): one signed POST, instead of
 * @aws-sdk/client-lambda, which would add 70 KB and its init to every cold start of the API for
 * one admin call.
 */
import { environmentCredentials, signedPoster } from "../aws/sign.js";

/** `endpoint` replaces the regional one (tests). Resolves once Lambda has accepted the event (202). */
export async function invokeAsync(opts: { region: string; functionName: string; payload: unknown; timeoutMs?: number; endpoint?: string }): Promise<void> {
  const url = new URL(opts.endpoint ?? `https://lambda.${opts.region}.amazonaws.com`);
  const post = signedPoster({ service: "lambda", region: opts.region, url, credentials: environmentCredentials });
  const res = await post(
    `/2015-03-31/functions/${encodeURIComponent(opts.functionName)}/invocations`,
    { "content-type": "application/json", "x-amz-invocation-type": "Event" },
    JSON.stringify(opts.payload),
    AbortSignal.timeout(opts.timeoutMs ?? 5000),
  );
  // 202: accepted for an asynchronous run.
  if (res.status !== 202) throw new Error(`Invoking ${opts.functionName} failed: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
}
