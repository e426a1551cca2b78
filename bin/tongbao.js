#!/usr/bin/env node
// The `tongbao` command. The code is TypeScript, loaded through tsx so a clone runs without a build step.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

// Batches allocate tens of megabytes of short-lived objects; a larger young generation lets the
// scavenger drop them instead of promoting them to the old generation (measured: +25-40% throughput).
setFlagsFromString('--max-semi-space-size=64');
register();
await import('../src/cli/main.ts');
