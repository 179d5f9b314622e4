/**
 * Demo loading, one chunk: generate a device's days of vendor logs and push them through
 * the real parse + classify + encode path (processLines). Runs in a worker thread
 * (demo-worker.ts) when the service runs from the build, in-thread otherwise.
 */
import { type ChunkResult, processLines } from '../ingest/parse/chunk-processor.js';
import { type DeviceDayPlan, generateDeviceDay } from './generate.js';

export interface DemoJob {
  tenant: string;
  device: string;
  plan: DeviceDayPlan;
  /** Days [fromDay, toDay) of the period. */
  fromDay: number;
  toDay: number;
  /** JST midnight of day 0 (epoch ms). */
  day0Ms: number;
  /** Nothing after this instant (the demo's "now"). */
  endMs: number;
  /** Rules folder: match the events against the detection pack (see ChunkOptions.rules). */
  rules?: string;
}

const DAY_MS = 86_400_000;

export function runDemoJob(job: DemoJob): ChunkResult {
  const lines: string[] = [];
  for (let day = job.fromDay; day < job.toDay; day++) {
    for (const l of generateDeviceDay(job.plan, day, job.day0Ms + day * DAY_MS, job.endMs)) lines.push(l);
  }
  return processLines(lines, {
    spec: { tenant: job.tenant, device: job.device, format: job.plan.vendor },
    nowMs: job.endMs,
    useNowWhenMissing: false,
    rules: job.rules,
  });
}
