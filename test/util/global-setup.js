// Makes sure the real checkers are on this machine before any test runs: promtool (Debian package
// `prometheus`), amtool (Debian package `prometheus-alertmanager`) and the blackbox exporter (its
// `--config.check`). Installs them when missing and
// fails the whole run, loudly, when it cannot: a real-tool check is never skipped.
'use strict';
const { ensureTools } = require('./ensure-tools');

module.exports = async () => {
  ensureTools();
};
