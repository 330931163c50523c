/**
 * Starts Agenda (MongoDB backend) for a process that does background work: every registered due
 * work becomes a few recurring "lane" jobs (unique by name and lane, so restarts and extra workers
 * add none), polled every WORKER_POLL_INTERVAL; several workers each lock a lane and the due work
 * claims its items atomically, so they share the load without overlap. In manual clock mode nothing is
 * started: the clock advance drives the same handlers.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Agenda } from 'agenda';
import { MongoBackend } from '@agendajs/mongo-backend';
import type { Services } from '../server/services.js';
import type { Logger } from '../server/log.js';
import { durationMs } from '../server/clock.js';
import { DUE_WORK_LANES, dueWorkJobName, dueWorkPayloadSchema } from './names.js';

export interface JobRunner {
  agenda: Agenda | null;
  stop(): Promise<void>;
}

export async function startJobRunner(services: Services, log: Logger, pollInterval: string): Promise<JobRunner> {
  if (services.clock.mode === 'manual') {
    log.info('manual clock: background jobs run only through POST /api/v1/clock/advance');
    return { agenda: null, stop: async () => {} };
  }
  const worker = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  // In milliseconds: Agenda reads a string as a cron expression or an English phrase ("5 seconds"), not "5s".
  const everyMs = durationMs(pollInterval);
  const agenda = new Agenda({
    backend: new MongoBackend({ mongo: services.conn.db as never, collection: 'agenda_jobs' }), name: worker,
    processEvery: everyMs,
    defaultLockLifetime: 5 * 60_000,
  });
  agenda.on('error', (err: Error) => log.warn({ err: err.message }, 'agenda error'));
  for (const name of services.registry.names()) {
    const parallel = Math.min(DUE_WORK_LANES, services.registry.get(name)?.parallel ?? 1);
    agenda.define(
      dueWorkJobName(name),
      async (job) => {
        dueWorkPayloadSchema.parse(job.attrs.data);
        const handled = await services.registry.runOne(name);
        if (handled) log.debug({ work: name, handled }, 'due work done');
      },
      { concurrency: parallel, lockLifetime: 5 * 60_000 },
    );
  }
  await agenda.start();
  for (const name of services.registry.names()) {
    for (let lane = 0; lane < DUE_WORK_LANES; lane++) {
      const job = agenda.create(dueWorkJobName(name), { lane });
      job.repeatEvery(everyMs, { skipImmediate: false });
      job.unique({ name: dueWorkJobName(name), 'data.lane': lane });
      await job.save();
    }
  }
  log.info({ worker, jobs: services.registry.names().length }, 'background jobs started');
  return {
    agenda,
    stop: async () => {
      await agenda.drain(30_000);
    },
  };
}
