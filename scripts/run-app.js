#!/usr/bin/env node
// Entry point of `cdk8s synth` (see cdk8s.yaml). TypeScript is transpiled without type checking:
// type checks belong to `npm test` (tsc --noEmit), not to every synth.
'use strict';
require('ts-node').register({ transpileOnly: true, files: false, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('../apps/main.ts');
