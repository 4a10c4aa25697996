import { Testing } from 'cdk8s';
import { MonitoringChart, SecretRef } from '../../lib';
import { AlertmanagerConfig, AlertmanagerConfigProps, Integration } from '../../lib/alertmanager';

/** A chart `x` in namespace `x`, as the tests build them. */
export function chart(id = 'x', namespace = 'x', app = Testing.app()): MonitoringChart {
  return new MonitoringChart(app, id, { partOf: id, namespace });
}

/** A Slack integration with a Secret reference. */
export function slack(channel = '#alerts'): Integration {
  return Integration.slack({ apiUrl: SecretRef.fromSecret('slack-webhook', 'url'), channel });
}

/** A PagerDuty integration with a Secret reference. */
export function pagerDuty(): Integration {
  return Integration.pagerDuty({ routingKey: SecretRef.fromSecret('pagerduty', 'routing-key') });
}

/** An AlertmanagerConfig `Routing` in chart `x` whose default receiver `default` exists. */
export function routing(props: AlertmanagerConfigProps = {}, scope = chart()): AlertmanagerConfig {
  const config = new AlertmanagerConfig(scope, 'Routing', { name: 'routing', receiver: 'default', ...props });
  config.addReceiver('default', { integrations: [slack()] });
  return config;
}
