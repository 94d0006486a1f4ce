#!/usr/bin/env node
// The `wayfarer` command npm installs (package.json "bin"): registers tsx's TypeScript loader in this
// process, then runs the command line in server/cli/main.ts. `npm run wayfarer -- <command>` does the same.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
