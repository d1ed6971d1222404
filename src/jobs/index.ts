// The public surface of jobs: what the rest of the product may use of it.
// Another domain imports these names from the files named below;
// src/dependencies.test.ts refuses any other name from this folder.
// How to add a kind of job: docs/jobs.md.

export { cancelJob, cancelJobs, scheduleJob, scheduleJobStatement, type ScheduleJobInput, type ScheduleOutcome } from "./jobs.ts";
export { scheduledJobs, type JobPayload, type JobStatus, type ScheduledJob } from "./tables.ts";
export {
  JOB_DEFAULTS,
  JobError,
  newWorkerId,
  runDueJobs,
  startJobWorker,
  type ClaimedJob,
  type JobContext,
  type JobHandler,
  type JobHandlers,
  type JobWorker,
  type RecurringJob,
  type RunResult,
} from "./worker.ts";
