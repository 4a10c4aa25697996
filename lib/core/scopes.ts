import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The nearest cdk8s Chart at or above `scope`, or the root outside any chart. Not public API. @internal */
export function chartOf(scope: IConstruct): IConstruct {
  for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
    if (Chart.isChart(c)) return c;
  }
  return scope.node.root;
}
