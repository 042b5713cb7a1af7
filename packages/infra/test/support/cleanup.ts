// Vitest setup file (vitest.config.ts): runs in each test file's context, so this hook removes what that
// file's tests made in the temp dir once the file is done.
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
