/**
 * The public face of the Alibaba Cloud client (`_sdk.ts` is this adapter's own): how to reach one product, with
 * timeouts, bounded retries of retryable failures, and typed, redacted errors. Composition builds clients here.
 */
export { makeSdkClient as makeAliyunClient, type SdkOptions as AliyunClientOptions } from "./_sdk.ts"
