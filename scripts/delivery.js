#!/usr/bin/env node
// `npm run delivery`: runs the delivery proof (test/delivery/delivery.ts) with the real promtool and amtool
// and writes each application's alert -> receivers table, apps/<app>/ALERT-DELIVERY.md. `npm test`
// computes the same tables and fails when the committed ones differ.
'use strict';
const fs = require('fs');
const path = require('path');
const { register } = require('./run-app');
const { ensureTools, toolPaths } = require('../test/util/ensure-tools');

ensureTools();
register();
const { proveDelivery, deliveryTable, tablePath } = require(path.join(__dirname, '..', 'test', 'delivery', 'delivery.ts'));
const tools = toolPaths().bookworm;
proveDelivery({ promtool: tools.promtool, amtool: tools.amtool }).then((environments) => {
  const applications = [...new Set(environments.flatMap((e) => e.alerts.map((a) => a.application)))];
  for (const application of applications) {
    fs.writeFileSync(tablePath(application), deliveryTable(application, environments));
    console.log(`wrote ${path.relative(process.cwd(), tablePath(application))}`);
  }
}, (e) => {
  console.error(e);
  process.exit(1);
});
