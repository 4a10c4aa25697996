import { Testing } from 'cdk8s';
import { MonitoringChart, ValidationError } from '../../lib/core';
import { LogClient, LogCollection, LogDiscovery, LogMetric, LogPipeline, Stage, TimestampFormat } from '../../lib/loki';

/**
 * Gives a factory-built value to the construct that uses it (a stage, pipeline or discovery to a job, a
 * client to the collection; a metric or timestamp format through the stage that takes it) and returns
 * the construction, for `expect(used(value)).toThrow(...)`. The factories keep their problems; the
 * construct raises them with its path and the field, which this checks: an error without that prefix
 * fails the test.
 */
export function used(value: Stage | LogPipeline | LogMetric | TimestampFormat | LogDiscovery | LogClient): () => void {
  return () => {
    const logs = new LogCollection(new MonitoringChart(Testing.app(), 'x', { partOf: 'x', namespace: 'x' }), 'Logs');
    const discovery = LogDiscovery.staticFiles({ paths: ['/var/log/x'], labels: { job: 'x' } });
    let prefix: string;
    let run: () => void;
    if (value instanceof LogPipeline) {
      prefix = `[x/Logs/job] pipelines[${JSON.stringify(value.name)}]: `;
      run = () => logs.addJob('job', { discovery }).addPipeline(value);
    } else if (value instanceof LogDiscovery) {
      prefix = '[x/Logs/job] discovery: ';
      run = () => logs.addJob('job', { discovery: value });
    } else if (value instanceof LogClient) {
      prefix = '[x/Logs] clients[0]: ';
      run = () => logs.addClient(value);
    } else {
      const stage = value instanceof LogMetric ? Stage.metrics({ metrics: [value] })
        : value instanceof TimestampFormat ? Stage.timestamp({ source: 'ts', format: value }) : value;
      prefix = value instanceof LogMetric ? '[x/Logs/job] stages[0]: Stage.metrics metrics[0]: '
        : value instanceof TimestampFormat ? '[x/Logs/job] stages[0]: Stage.timestamp format: ' : '[x/Logs/job] stages[0]: ';
      run = () => logs.addJob('job', { discovery, stages: [stage] });
    }
    try {
      run();
    } catch (e) {
      if (e instanceof ValidationError && !e.message.startsWith(prefix)) throw new Error(`expected the message to start with ${prefix}: ${e.message}`);
      throw e;
    }
  };
}
