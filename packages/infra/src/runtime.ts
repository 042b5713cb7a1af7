/**
 * `NODE_OPTIONS` of the dispatcher function. No CDK import, so the bench (bench/run.ts) measures the bundle
 * under exactly these flags without loading aws-cdk-lib.
 *
 * Source-mapped stack traces, plus a small young generation and V8's memory-saving mode: with node's
 * defaults RSS keeps growing with the invocation count (66 → 150 MB over 3,000 warm invocations in the
 * bench; heap used saw-tooths between 26 and 60 MB, so it is V8's heap sizing, not a leak); with these flags
 * it levels off at 76–82 MB. Warm latency is unchanged within noise (bench/README.md, change 5). The Lambda
 * runtime may add heap flags of its own derived from the memory size, which win over `NODE_OPTIONS`: confirm
 * with CloudWatch's `Max Memory Used`.
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps --max-semi-space-size=2 --optimize-for-size';
