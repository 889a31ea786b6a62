import type { NotificationJob } from '../../domain/complaint';
import type { Keyspace } from './keyspace';

/** The keys QUEUE_JOBS (scripts.ts) takes last in KEYS: one per job. */
export const jobKeys = (k: Keyspace, jobs: NotificationJob[]) => jobs.map((job) => k.job(job.id));

/** What QUEUE_JOBS takes last in ARGV: each job's JSON, id and due score. */
export const jobArgs = (jobs: NotificationJob[]) => jobs.flatMap((job) => [JSON.stringify(job), job.id, String(Date.parse(job.createdAt))]);
