/**
 * Seeds a fresh store, deterministically from `seed` and the clock `now`: the organisation and
 * its users (base.ts), the story projects (stories.ts, replayed by builder.ts), the media center
 * and shares (media.ts) and, with `projects > 0`, a generated large organisation (scale.ts).
 * Everything runs in one transaction; a last pass makes every project's `lastActivity` (and every
 * artwork's `latestActivity`) equal its newest history event.
 */
import type { Store } from './store.js';
import { seedBase } from './seed/base.js';
import { StoryBuilder } from './seed/builder.js';
import { STORIES } from './seed/stories.js';
import { seedMedia } from './seed/media.js';
import { seedScale } from './seed/scale.js';
import { seedProjectFiles } from './seed/project-files.js';
import { seedArticles } from './seed/articles.js';

export interface SeedOptions {
  seed: number;
  /** Epoch ms the history is back-dated from. */
  now: number;
  /** Generated projects on top of the stories. */
  projects: number;
}

export interface SeededUser {
  id: string;
  username: string;
  role: string;
  token: string;
  name: string;
}

export function seedStore(store: Store, o: SeedOptions): SeededUser[] {
  return store.tx(() => {
    const base = seedBase(store, o.seed, o.now);
    const stories = new StoryBuilder(store, o.seed, o.now, base);
    for (const story of STORIES) stories.project(story);
    seedMedia(store, o.seed, o.now, base, stories);
    seedProjectFiles(store, o.seed, o.now);
    seedArticles(store, o.seed);
    if (o.projects > 0) seedScale(store, o.seed, o.now, base, o.projects);
    store.createIndexes();
    store.run(
      'UPDATE projects SET lastActivity = (SELECT max(timestamp) FROM projectEvents e WHERE e.projectId = projects.id)',
    );
    store.run(
      'UPDATE artworks SET latestActivity = max(createdAt, coalesce((SELECT max(timestamp) FROM artworkEvents e WHERE e.artworkId = artworks.id), 0))',
    );
    store.users.invalidate();
    return base.users;
  });
}
