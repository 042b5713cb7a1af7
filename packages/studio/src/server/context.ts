/** What the route groups share: the studio's folders, its compiled workspace, its event hub and dispatcher. */
import type { LocalDispatcher } from '../dispatch/local-dispatcher.js';
import type { Workspace } from '../types.js';
import type { CompatRunner } from '../workspace/checks.js';
import type { EventHub } from './sse.js';

export interface StudioContext {
  templatesDir: string;
  outboxDir: string;
  /** Resolves once the templates are compiled; API routes wait for it. */
  ready: Promise<Workspace>;
  hub: EventHub;
  /** Set once the local dispatcher has started (the server listens before that). */
  dispatcher: LocalDispatcher | undefined;
  /** Brings the dispatcher bundle up to date before a send (the CLI's prebuild), if given. */
  rebuildBundle: (() => Promise<void>) | undefined;
  /** The Compatibility card's reports, computed in a worker. */
  compat: CompatRunner;
  log: (line: string) => void;
}
