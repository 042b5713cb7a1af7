// `node --import ./register-recorder.mjs`: records resolutions into $MAILROOM_RESOLVE_LOG.
import { register } from 'node:module';

register('./record-resolutions.mjs', import.meta.url, { data: { log: process.env.MAILROOM_RESOLVE_LOG } });
