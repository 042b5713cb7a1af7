#!/usr/bin/env node
// Entry point for `pnpm mailroom …`: the studio ships TypeScript sources, so register tsx's loader and run the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
